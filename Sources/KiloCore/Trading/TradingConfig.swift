/// `trading:` — the paper trader's money, costs, risk limits, ensemble and journal.
///
/// Every key is optional in `config.yaml`; a missing key keeps the default documented here (the
/// original Bot_kilo defaults, with its bugs fixed as issue 8 describes).
public struct TradingConfig: Codable, Sendable, Equatable {
    /// Starting cash in the quote currency (default 10 000, > 0).
    public var initialBalance: Double = 10_000
    /// Fee rate charged on the traded value of every fill (default 0.001, in [0, 0.1)).
    public var fee: Double = 0.001
    /// Slippage rate: buys fill at `open × (1 + slippage)`, sells at `open × (1 − slippage)`
    /// (default 0.0005, in [0, 0.1)).
    public var slippage: Double = 0.0005
    /// Largest position, as a fraction of equity; a buy tops the position up to this value
    /// (default 0.1, in (0, 1]).
    public var maxPositionSize: Double = 0.1
    /// Orders (and fills) worth less than this are not placed (default 5, ≥ 0).
    public var minTradeValue: Double = 5
    /// A position whose close falls this fraction below its average entry price is sold at the
    /// next bar's open (default 0.02, in (0, 1)).
    public var stopLoss: Double = 0.02
    /// A position whose close rises this fraction above its average entry price is sold at the
    /// next bar's open (default 0.04, > 0).
    public var takeProfit: Double = 0.04
    /// When equity falls this fraction below its peak, new entries halt (exits still run)
    /// (default 0.1, in (0, 1)).
    public var maxDrawdown: Double = 0.1
    /// Most symbols held (or with a pending buy) at once (default 3, ≥ 1).
    public var maxPositions: Int = 3
    /// A position held this many bars (by bar time, so gaps count) is sold at the next open
    /// (default 48 = the original 86 400 s at 30-minute bars, ≥ 1).
    public var positionTimeoutBars: Int = 48
    /// Ensemble weights by model (`gru`, `lightgbm`, `ppo`; each ≥ 0). Weights of the models
    /// that predicted are renormalised to sum 1.
    public var modelWeights: [String: Double] = ["gru": 0.45, "lightgbm": 0.45, "ppo": 0.10]
    /// Whether a symbol whose ensemble misses a model with a non-zero weight (not trained, an
    /// unreadable model or preprocessor, another feature spec) is refused (default true); when
    /// false it trades on the models left, and their renormalised weights are reported at start.
    public var requireAllModels: Bool = true
    /// Per-symbol base thresholds on the ensemble prediction (each ≥ 0).
    public var baseThresholds: [String: Double] = [
        "BTCEUR": 0.00008, "ETHEUR": 0.00008, "ADAEUR": 0.00012,
    ]
    /// Base threshold of symbols missing from `base_thresholds` (default 0.0001, ≥ 0).
    public var defaultThreshold: Double = 0.0001
    /// Close-to-close percentage changes in the recent-volatility window (default 20, ≥ 2).
    public var volatilityWindow: Int = 20
    /// The SQLite journal of `step` and `kilo trade` (default `state/trader.sqlite`).
    public var statePath: String = "state/trader.sqlite"
    /// The exchange feed of `kilo trade --live` (`trading.live`).
    public var live = LiveConfig()

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case initialBalance = "initial_balance"
        case fee, slippage
        case maxPositionSize = "max_position_size"
        case minTradeValue = "min_trade_value"
        case stopLoss = "stop_loss"
        case takeProfit = "take_profit"
        case maxDrawdown = "max_drawdown"
        case maxPositions = "max_positions"
        case positionTimeoutBars = "position_timeout_bars"
        case modelWeights = "model_weights"
        case requireAllModels = "require_all_models"
        case baseThresholds = "base_thresholds"
        case defaultThreshold = "default_threshold"
        case volatilityWindow = "volatility_window"
        case statePath = "state_path"
        case live
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TradingConfig()
        initialBalance = try c.value(.initialBalance, default: d.initialBalance)
        fee = try c.value(.fee, default: d.fee)
        slippage = try c.value(.slippage, default: d.slippage)
        maxPositionSize = try c.value(.maxPositionSize, default: d.maxPositionSize)
        minTradeValue = try c.value(.minTradeValue, default: d.minTradeValue)
        stopLoss = try c.value(.stopLoss, default: d.stopLoss)
        takeProfit = try c.value(.takeProfit, default: d.takeProfit)
        maxDrawdown = try c.value(.maxDrawdown, default: d.maxDrawdown)
        maxPositions = try c.value(.maxPositions, default: d.maxPositions)
        positionTimeoutBars = try c.value(.positionTimeoutBars, default: d.positionTimeoutBars)
        modelWeights = try c.value(.modelWeights, default: d.modelWeights)
        requireAllModels = try c.value(.requireAllModels, default: d.requireAllModels)
        let thresholds = try c.value(.baseThresholds, default: d.baseThresholds)
        baseThresholds = Dictionary(thresholds.map { ($0.key.uppercased(), $0.value) }) { _, last in
            last
        }
        defaultThreshold = try c.value(.defaultThreshold, default: d.defaultThreshold)
        volatilityWindow = try c.value(.volatilityWindow, default: d.volatilityWindow)
        statePath = try c.value(.statePath, default: d.statePath)
        live = try c.value(.live, default: d.live)
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

    /// Checks ranges.
    /// - Throws: `ConfigError.invalidValue` naming the first bad key under `prefix`.
    public func validate(prefix: String) throws(ConfigError) {
        func bad(_ key: CodingKeys, _ value: String, _ reason: String) -> ConfigError {
            .invalidValue(key: "\(prefix).\(key.rawValue)", value: value, reason: reason)
        }
        func check(_ ok: Bool, _ key: CodingKeys, _ value: Double, _ reason: String)
            throws(ConfigError)
        {
            if !ok || !value.isFinite { throw bad(key, "\(value)", reason) }
        }
        try check(initialBalance > 0, .initialBalance, initialBalance, "must be positive")
        try check(fee >= 0 && fee < 0.1, .fee, fee, "must be in [0, 0.1)")
        try check(slippage >= 0 && slippage < 0.1, .slippage, slippage, "must be in [0, 0.1)")
        try check(
            maxPositionSize > 0 && maxPositionSize <= 1, .maxPositionSize, maxPositionSize,
            "must be in (0, 1]")
        try check(minTradeValue >= 0, .minTradeValue, minTradeValue, "must be at least 0")
        try check(stopLoss > 0 && stopLoss < 1, .stopLoss, stopLoss, "must be in (0, 1)")
        try check(takeProfit > 0, .takeProfit, takeProfit, "must be positive")
        try check(
            maxDrawdown > 0 && maxDrawdown < 1, .maxDrawdown, maxDrawdown, "must be in (0, 1)")
        if maxPositions < 1 { throw bad(.maxPositions, "\(maxPositions)", "must be at least 1") }
        if positionTimeoutBars < 1 {
            throw bad(.positionTimeoutBars, "\(positionTimeoutBars)", "must be at least 1")
        }
        for (name, weight) in modelWeights.sorted(by: { $0.key < $1.key }) {
            if ModelKind(rawValue: name) == nil {
                throw bad(.modelWeights, name, "not a model (gru, lightgbm, ppo)")
            }
            try check(weight >= 0, .modelWeights, weight, "weight of '\(name)' must be at least 0")
        }
        for (symbol, value) in baseThresholds.sorted(by: { $0.key < $1.key }) {
            try check(
                value >= 0, .baseThresholds, value, "threshold of '\(symbol)' must be at least 0")
        }
        try check(defaultThreshold >= 0, .defaultThreshold, defaultThreshold, "must be at least 0")
        if volatilityWindow < 2 {
            throw bad(.volatilityWindow, "\(volatilityWindow)", "must be at least 2")
        }
        if statePath.isEmpty { throw bad(.statePath, "", "must not be empty") }
        try live.validate(prefix: "\(prefix).live")
    }
}
