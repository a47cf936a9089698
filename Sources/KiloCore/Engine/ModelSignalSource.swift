/// One symbol's latest trained models, predicting from the same preprocessed feature rows they
/// were trained on, computed bar by bar as bars close.
///
/// Each new closed bar goes through `FeatureStream` (the streaming indicators, with their warm-up
/// and a fresh segment after a long gap) and `StreamScaler` (the training-fit preprocessor, frozen),
/// which give the batch path's rows bit for bit: a prediction at `barIndex` depends on bars
/// `0...barIndex` only, and replay, backtest and a live feed all see the same rows. Each model
/// predicts through its `ModelPredictor` once its window lies past the warm-up in one segment.
/// - Complexity: O(columns) per new bar; asked about a history it has not seen (another series, or
///   bars rewritten), it starts again from bar 0.
public final class ModelSignalSource: SignalSource {
    /// The symbol.
    public let symbol: String
    private let warm: Int
    /// The stream and scaler before any bar, to start again from.
    private let freshStream: FeatureStream
    private let freshScaler: StreamScaler
    private var stream: FeatureStream
    private var scaler: StreamScaler
    /// Scaled rows fed so far.
    private var rows: ScaledRows
    private var positions: [Int] = []
    private var fedTimestamps: [Int64] = []
    /// The models that match the stream's spec, in `ModelKind` order.
    private let predictors: [any ModelPredictor]

    /// Why a model was left out (another feature spec), for `trader status`: `{kind}: {reason}; left out`.
    public let notes: [String]

    /// A source that computes `config`'s features for `symbol`'s bars of `interval` as they close,
    /// scales them with the frozen `preprocessor` and asks those of `models` that match its spec.
    /// - Throws: `FeatureError.specHashMismatch` when the preprocessor was fit on other features.
    public init(
        symbol: String, features config: FeatureConfig, interval: BarInterval, preprocessor: Preprocessor,
        models: [any TrainedModel]
    ) throws(FeatureError) {
        self.symbol = symbol
        freshStream = FeatureStream(config: config, interval: interval)
        let specs = freshStream.specs
        freshScaler = try StreamScaler(preprocessor: preprocessor, specs: specs)
        stream = freshStream
        scaler = freshScaler
        rows = ScaledRows(columnCount: specs.count)
        warm = specs.map(\.lookback).max() ?? 0
        let hash = FeatureSpec.hash(of: specs)
        var notes: [String] = []
        var predictors: [any ModelPredictor] = []
        for model in models.sorted(by: { $0.kind < $1.kind }) {
            switch model.predictor(specs: specs, hash: hash) {
            case .success(let predictor): predictors.append(predictor)
            case .failure(let refusal): notes.append("\(model.kind): \(refusal.reason); left out")
            }
        }
        self.predictors = predictors
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
            rows.append(scaler.scale(raw, positionInSegment: position))
            positions.append(position)
            fedTimestamps.append(bars.timestamps[i])
        }
    }

    private func restart() {
        stream = freshStream
        scaler = freshScaler
        rows = ScaledRows(columnCount: rows.columnCount)
        positions = []
        fedTimestamps = []
    }

    public var warmupBars: Int { warm }

    /// The models loaded.
    public var models: [ModelKind] { predictors.map(\.kind) }

    /// The predictions of the models that need no account, then those of the models whose
    /// observation includes it (PPO: its window of feature rows and this symbol's position), each
    /// once its window lies past the warm-up in one segment. The observation's shape is checked on
    /// every call; a mismatch throws (the trader skips the symbol with the reason).
    public func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int, account: AccountSnapshot)
        throws -> [ModelKind: Double]
    {
        var result = try predictions(for: symbol, bars: bars, upTo: barIndex)
        guard barIndex >= 0, barIndex < positions.count, barIndex < bars.count else { return result }
        var asked = false
        for predictor in predictors where predictor.needsAccount && ready(predictor, at: barIndex) {
            result[predictor.kind] = try predictor.predict(
                rows, endingAt: barIndex, account: account, price: bars.close[barIndex])
            asked = true
        }
        if asked { try Self.requireFinite(result, symbol: symbol, bar: barIndex) }
        return result
    }

    public func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int) throws -> [ModelKind: Double] {
        guard barIndex >= 0, barIndex < bars.count else { return [:] }
        advance(bars, through: barIndex)
        var result: [ModelKind: Double] = [:]
        for predictor in predictors where !predictor.needsAccount && ready(predictor, at: barIndex) {
            result[predictor.kind] = try predictor.predict(rows, endingAt: barIndex, account: nil, price: bars.close[barIndex])
        }
        try Self.requireFinite(result, symbol: symbol, bar: barIndex)
        return result
    }

    /// Whether `predictor`'s window ending at `barIndex` lies past the warm-up in one segment.
    private func ready(_ predictor: any ModelPredictor, at barIndex: Int) -> Bool {
        positions[barIndex] >= warm + predictor.windowRows - 1
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
