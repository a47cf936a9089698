/// One symbol's latest trained GRU, LightGBM-compatible and PPO models, predicting from the same
/// preprocessed feature rows they were trained on, computed bar by bar as bars close.
///
/// Each new closed bar goes through `FeatureStream` (the streaming indicators, with their warm-up
/// and a fresh segment after a long gap) and `StreamScaler` (the training-fit preprocessor, frozen),
/// which give the batch path's rows bit for bit: a prediction at `barIndex` depends on bars
/// `0...barIndex` only, and replay, backtest and a live feed all see the same rows.
/// - Complexity: O(columns) per new bar; asked about a history it has not seen (another series, or
///   bars rewritten), it starts again from bar 0.
public final class ModelSignalSource: SignalSource {
    /// The symbol.
    public let symbol: String
    private let columnCount: Int
    private let warm: Int
    /// The stream and scaler before any bar, to start again from.
    private let freshStream: FeatureStream
    private let freshScaler: StreamScaler
    private var stream: FeatureStream
    private var scaler: StreamScaler
    /// Scaled rows fed so far (Float for the networks, Double for the trees), row-major.
    private var scaled: [Float] = []
    private var scaledRows: [Double] = []
    private var positions: [Int] = []
    private var fedTimestamps: [Int64] = []
    private let gru: GRUPredictor?
    private let booster: Booster?
    private let ppo: PPOAgent?

    /// Why a model was left out (not trained, another feature spec), for `trader status`.
    public let notes: [String]

    /// A source that computes `config`'s features for `symbol`'s bars of `interval` as they close,
    /// scales them with the frozen `preprocessor` and asks the models that match its spec.
    /// - Throws: `FeatureError.specHashMismatch` when the preprocessor was fit on other features.
    public init(
        symbol: String, features config: FeatureConfig, interval: BarInterval, preprocessor: Preprocessor,
        gru: GRUModel?, booster: Booster?, ppo: PPOAgent? = nil
    ) throws(FeatureError) {
        self.symbol = symbol
        freshStream = FeatureStream(config: config, interval: interval)
        let specs = freshStream.specs
        freshScaler = try StreamScaler(preprocessor: preprocessor, specs: specs)
        stream = freshStream
        scaler = freshScaler
        columnCount = specs.count
        warm = specs.map(\.lookback).max() ?? 0
        let names = specs.map(\.name)
        var notes: [String] = []
        let hash = FeatureSpec.hash(of: specs)
        if let gru, gru.featureSpecHash != hash || gru.featureNames != names {
            notes.append("gru: trained on another feature spec (\(gru.featureSpecHash.prefix(12)) ≠ \(hash.prefix(12))); left out")
            self.gru = nil
        } else {
            self.gru = gru.map(GRUPredictor.init)
            if gru == nil { notes.append("gru: no trained model") }
        }
        if let booster, booster.featureNames != names {
            notes.append("lightgbm: trained on other features; left out")
            self.booster = nil
        } else {
            self.booster = booster
            if booster == nil { notes.append("lightgbm: no trained model") }
        }
        if let ppo, ppo.specHash != hash || ppo.featureNames != names {
            notes.append("ppo: trained on another feature spec; left out")
            self.ppo = nil
        } else {
            self.ppo = ppo
            if ppo == nil { notes.append("ppo: no trained model") }
        }
        self.notes = notes
    }

    /// Feeds `bars[fed...barIndex]` through the stream and the scaler (restarting when `bars` is
    /// not the history fed so far).
    private func advance(_ bars: BarSeries, through barIndex: Int) {
        // The history fed so far must be this one (checked at the last bar both have).
        let shared = min(fedTimestamps.count, barIndex + 1) - 1
        if shared >= 0, bars.timestamps[shared] != fedTimestamps[shared] { restart() }
        let fed = fedTimestamps.count
        guard barIndex >= fed else { return }
        // Plain appends: the arrays grow geometrically (an exact `reserveCapacity` per bar would
        // copy the whole history every bar).
        for i in fed...barIndex {
            let raw = stream.append(bars, at: i)
            let position = stream.barsInSegment - 1
            let row = scaler.scale(raw, positionInSegment: position)
            scaledRows.append(contentsOf: row)
            for value in row { scaled.append(value.isFinite ? Float(value) : 0) }
            positions.append(position)
            fedTimestamps.append(bars.timestamps[i])
        }
    }

    private func restart() {
        stream = freshStream
        scaler = freshScaler
        scaled = []
        scaledRows = []
        positions = []
        fedTimestamps = []
    }

    public var warmupBars: Int { warm }

    /// The models loaded.
    public var models: [ModelKind] {
        (gru == nil ? [] : [.gru]) + (booster == nil ? [] : [.lightgbm]) + (ppo == nil ? [] : [.ppo])
    }

    /// GRU and LightGBM predictions, and PPO's from the same observation function it was trained
    /// with: its window of feature rows and this symbol's position. The observation's shape is
    /// checked on every call; a mismatch throws (the trader skips the symbol with the reason).
    public func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int, account: AccountSnapshot)
        throws -> [ModelKind: Double]
    {
        var result = try predictions(for: symbol, bars: bars, upTo: barIndex)
        guard let ppo, barIndex >= 0, barIndex < positions.count,
            positions[barIndex] >= warm + ppo.observationShape[0] - 1, barIndex < bars.count
        else { return result }
        let portfolio = PPOPortfolio(
            cash: account.cash, units: account.units, entryPrice: account.entryPrice,
            barsInPosition: account.barsInPosition)
        let observation = try ppo.observation(
            features: scaled, featureCount: columnCount, endingAt: barIndex, portfolio: portfolio,
            price: bars.close[barIndex])
        result[.ppo] = try ppo.expectedReturn(observation: observation, shape: ppo.observationShape)
        try Self.requireFinite(result, symbol: symbol, bar: barIndex)
        return result
    }

    public func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int) throws -> [ModelKind: Double] {
        guard barIndex >= 0, barIndex < bars.count else { return [:] }
        advance(bars, through: barIndex)
        var result: [ModelKind: Double] = [:]
        let position = positions[barIndex]
        if let booster, position >= warm {
            scaledRows.withUnsafeBufferPointer { rows in
                if let base = rows.baseAddress {
                    result[.lightgbm] = booster.predictRaw(row: base + barIndex * columnCount)
                }
            }
        }
        if let gru, position >= warm + gru.model.sequenceLength - 1 {
            let raw = scaled.withUnsafeBufferPointer { gru.predictRaw(features: $0, endingAt: barIndex) }
            result[.gru] = gru.model.destandardized(raw)
        }
        try Self.requireFinite(result, symbol: symbol, bar: barIndex)
        return result
    }

    /// A NaN or infinite prediction is an error the trader reports (skipping the symbol this
    /// bar), never a model silently dropped from the ensemble.
    private static func requireFinite(_ result: [ModelKind: Double], symbol: String, bar: Int) throws(ModelError) {
        for kind in ModelKind.allCases {
            if let value = result[kind], !value.isFinite {
                throw .nonFiniteSignal(model: kind.rawValue, symbol: symbol, bar: bar, value: value)
            }
        }
    }
}
