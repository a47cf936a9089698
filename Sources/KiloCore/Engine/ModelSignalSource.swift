/// One symbol's latest trained models, predicting from the same preprocessed feature rows they
/// were trained on, computed bar by bar as bars close.
///
/// Each new closed bar goes through the symbol's `SymbolFeatureStream` (the streaming indicators,
/// with their warm-up and a fresh segment after a long gap, computed once for all its models) and
/// `StreamScaler` (the training-fit preprocessor, frozen), which give the batch path's rows bit for
/// bit: a prediction at `barIndex` depends on bars `0...barIndex` only, and replay, backtest and a
/// live feed all see the same rows. Each model predicts through its `ModelPredictor` once its
/// window lies past the warm-up in one segment.
/// - Complexity: O(columns) per new bar; asked about a history it has not seen (another series, or
///   bars rewritten), it starts again from bar 0.
public final class ModelSignalSource: SignalSource {
    /// The symbol.
    public let symbol: String
    private let warm: Int
    /// The symbol's raw feature rows, shared with its other sources.
    private let stream: SymbolFeatureStream
    /// The scaler before any row, to start again from.
    private let freshScaler: StreamScaler
    private var scaler: StreamScaler
    /// The stream's rows scaled so far, and the stream generation they belong to.
    private var rows: ScaledRows
    private var scaledCount = 0
    private var generation: Int
    /// The models that match the stream's spec, in `ModelKind` order.
    private let predictors: [any ModelPredictor]

    /// Why a model was left out (another feature spec), for `trader status`: `{kind}: {reason}; left out`.
    public let notes: [String]

    /// A source that scales `stream`'s rows of `symbol` with the frozen `preprocessor` as bars
    /// close and asks those of `models` that match its spec.
    /// - Throws: `FeatureError.specHashMismatch` when the preprocessor was fit on other features.
    public init(
        symbol: String, stream: SymbolFeatureStream, preprocessor: Preprocessor, models: [any TrainedModel]
    ) throws(FeatureError) {
        self.symbol = symbol
        self.stream = stream
        let specs = stream.specs
        freshScaler = try StreamScaler(preprocessor: preprocessor, specs: specs)
        scaler = freshScaler
        rows = ScaledRows(columnCount: specs.count)
        generation = stream.generation
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

    /// Has the stream feed `bars` through `barIndex` and scales the rows not yet scaled (all of
    /// them again when the stream started again).
    private func advance(_ bars: BarSeries, through barIndex: Int) {
        stream.advance(bars, through: barIndex)
        if generation != stream.generation {
            scaler = freshScaler
            rows = ScaledRows(columnCount: rows.columnCount)
            scaledCount = 0
            generation = stream.generation
        }
        guard barIndex >= scaledCount else { return }
        for i in scaledCount...barIndex {
            rows.append(scaler.scale(stream.rows[i], positionInSegment: stream.positions[i]))
        }
        scaledCount = barIndex + 1
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
        guard barIndex >= 0, barIndex < scaledCount, barIndex < bars.count else { return result }
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
        stream.positions[barIndex] >= warm + predictor.windowRows - 1
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
