/// `trading:` — the paper trader's money, costs, risk limits, ensemble and journal.
///
/// Every key is optional in `config.yaml`; a missing key keeps its default (the original Bot_kilo
/// defaults, with its bugs fixed as issue 8 describes). Every property is a key of `keys` (its
/// name, meaning and rules are declared there).
public struct TradingConfig: ConfigSection {
    public var initialBalance: Double = 10_000
    public var fee: Double = 0.001
    public var slippage: Double = 0.0005
    public var maxPositionSize: Double = 0.1
    public var minTradeValue: Double = 5
    public var stopLoss: Double = 0.02
    public var takeProfit: Double = 0.04
    public var maxDrawdown: Double = 0.1
    public var maxPositions: Int = 3
    public var positionTimeoutBars: Int = 48
    public var modelWeights: [String: Double] = ["gru": 0.45, "lightgbm": 0.45, "ppo": 0.10]
    public var requireAllModels: Bool = true
    public var baseThresholds: [String: Double] = [
        "BTCEUR": 0.00008, "ETHEUR": 0.00008, "ADAEUR": 0.00012,
    ]
    public var defaultThreshold: Double = 0.0001
    public var volatilityWindow: Int = 20
    public var statePath: String = "state/trader.sqlite"
    public var live = LiveConfig()

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<TradingConfig>] = [
        .value("initial_balance", \.initialBalance, "starting cash in the quote currency", rules: [.positive]),
        .value(
            "fee", \.fee, "fee rate charged on the traded value of every fill",
            rules: [costRate]),
        .value(
            "slippage", \.slippage,
            "fraction by which fills move against the order: buys fill at open × (1 + slippage), "
                + "sells at open × (1 − slippage)",
            rules: [costRate]),
        .value(
            "max_position_size", \.maxPositionSize,
            "largest position, as a fraction of equity; a buy tops the position up to this value",
            rules: [.aboveZeroUpToOne]),
        .value(
            "min_trade_value", \.minTradeValue, "orders (and fills) worth less than this are not placed",
            rules: [.atLeastZero]),
        .value(
            "stop_loss", \.stopLoss,
            "a position whose close falls this fraction below its average entry price is sold at the next bar's open",
            rules: [.insideZeroOne]),
        .value(
            "take_profit", \.takeProfit,
            "a position whose close rises this fraction above its average entry price is sold at the next bar's open",
            rules: [.positive]),
        .value(
            "max_drawdown", \.maxDrawdown,
            "when equity falls this fraction below its peak, new entries halt (exits still run)",
            rules: [.insideZeroOne]),
        .value(
            "max_positions", \.maxPositions, "most symbols held (or with a pending buy) at once", rules: [.atLeast(1)]),
        .value(
            "position_timeout_bars", \.positionTimeoutBars,
            "a position held this many bars (by bar time, so gaps count) is sold at the next open "
                + "(48 = the original 86 400 s at 30-minute bars)", rules: [.atLeast(1)]),
        .value(
            "model_weights", \.modelWeights,
            "ensemble weights by model (`gru`, `lightgbm`, `ppo`); the weights of the models that predicted are "
                + "renormalised to sum 1", rules: [.custom("each a model, weighted at least 0", weightFailure)]),
        .value(
            "require_all_models", \.requireAllModels,
            "refuse a symbol whose ensemble misses a model of non-zero weight (not trained, unreadable model or "
                + "preprocessor, other feature spec); when false it trades on the models left and their renormalised "
                + "weights are reported at start"),
        .value(
            "base_thresholds", \.baseThresholds,
            "per-symbol base thresholds on the ensemble prediction (symbols upper-cased when read)",
            rules: [.custom("each at least 0", thresholdFailure)],
            decoded: { Dictionary($0.map { ($0.key.uppercased(), $0.value) }) { _, last in last } }),
        .value(
            "default_threshold", \.defaultThreshold, "base threshold of symbols missing from `base_thresholds`",
            rules: [.atLeastZero]),
        .value(
            "volatility_window", \.volatilityWindow,
            "close-to-close percentage changes in the recent-volatility window", rules: [.atLeast(2)]),
        .value("state_path", \.statePath, "the SQLite journal of `step` and `kilo trade`", rules: [.notEmpty]),
        .section("live", \.live, "the exchange feed of `kilo trade --live`"),
    ]

    /// The first weight naming no model or below 0 (in name order).
    /// A fee or slippage rate: in [0, 0.1).
    private static let costRate = ConfigRule<TradingConfig, Double>.must("must be in [0, 0.1)") { $0 >= 0 && $0 < 0.1 }

    @Sendable private static func weightFailure(_ weights: [String: Double], _: TradingConfig) -> ConfigFailure? {
        for (name, weight) in weights.sorted(by: { $0.key < $1.key }) {
            if ModelKind(rawValue: name) == nil { return (name, "not a model (\(ModelKind.allCases.map(\.rawValue).joined(separator: ", ")))") }
            if !(weight >= 0 && weight.isFinite) { return ("\(weight)", "weight of '\(name)' must be at least 0") }
        }
        return nil
    }

    /// The first threshold below 0 (in symbol order).
    @Sendable private static func thresholdFailure(_ thresholds: [String: Double], _: TradingConfig) -> ConfigFailure? {
        for (symbol, value) in thresholds.sorted(by: { $0.key < $1.key }) where !(value >= 0 && value.isFinite) {
            return ("\(value)", "threshold of '\(symbol)' must be at least 0")
        }
        return nil
    }

    /// The weight of `model` (0 when absent).
    public func weight(of model: ModelKind) -> Double { modelWeights[model.rawValue] ?? 0 }

    /// The base threshold of `symbol`: its `base_thresholds` entry, else `default_threshold`.
    public func baseThreshold(for symbol: String) -> Double {
        baseThresholds[symbol] ?? defaultThreshold
    }

    /// The cost of a round trip as a return: buying and selling each pay fee and slippage,
    /// `2 × (fee + slippage)` (0.003 with the defaults). The signal threshold never drops below it.
    public var roundTripCost: Double { 2 * (fee + slippage) }
}
