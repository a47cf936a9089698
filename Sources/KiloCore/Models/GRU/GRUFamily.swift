import Foundation

/// The GRU as a `ModelFamily`: `models.gru`, trained by `GRUTrainer` on windows of
/// `sequence_length` rows, written as `kilo-gru` safetensors.
public struct GRUFamily: SafetensorsFamily {
    /// Its files hold this model.
    public typealias Stored = GRUModel
    public var kind: ModelKind { .gru }
    public var trainingRank: Int { 0 }
    public var section: KeyPath<ModelsConfig, GRUConfig> { \.gru }

    /// Trains on the windows ending at train rows with a finite target (every window row past the
    /// feature warm-up, inside one segment); predicts validation and test windows.
    public func fit(
        _ run: TrainingRun, section: GRUConfig, cancellation: CancellationToken, progress: (TrainingProgress) -> Void
    ) throws -> FittedModel {
        let scaled = run.scaled, split = run.split
        let length = section.sequenceLength
        let positions = scaled.positionsInSegment
        let warm = scaled.warmupRows
        func windowEnds(_ range: Range<Int>) -> [Int] {
            range.clamped(to: 0..<scaled.rowCount).filter {
                positions[$0] >= warm + length - 1 && scaled.target[$0].isFinite
            }
        }
        let trainEnds = windowEnds(split.train)
        let validationEnds = windowEnds(split.validation)
        let testEnds = windowEnds(split.test)
        // Warm-up rows are never inside a window; zero them so the input buffer is finite.
        let values = scaled.values.map { $0.isFinite ? Float($0) : 0 }
        let data = GRUTrainingData(
            features: values, columnCount: scaled.columnCount, targets: scaled.target.map { Float($0) },
            trainingWindowEnds: trainEnds, validationWindowEnds: validationEnds, featureNames: scaled.names,
            featureSpecHash: FeatureSpec.hash(of: scaled.specs))
        let result = try GRUTrainer.train(config: section, data: data, cancellation: cancellation) { epoch in
            progress(
                TrainingProgress(
                    kind: .gru, symbol: scaled.symbol, step: epoch.epoch, total: epoch.epochCount,
                    metrics: String(format: "train %.4f val %.4f", epoch.trainingLoss, epoch.validationLoss),
                    elapsed: epoch.elapsedSeconds))
        }
        let raw = try result.model.rawPredictions(features: values, columnCount: scaled.columnCount)
        var predictions = [Double](repeating: .nan, count: scaled.rowCount)
        for (i, value) in raw.enumerated() { predictions[i + length - 1] = result.model.destandardized(value) }
        return FittedModel(
            model: result.model,
            rows: ["train": trainEnds.count, "validation": validationEnds.count, "test": testEnds.count],
            iterations: result.epochs.count, bestIteration: result.bestEpoch, summary: result.summary,
            evaluatedRows: [("validation", validationEnds), ("test", testEnds)], predictions: predictions,
            seed: section.runSeed)
    }
}

extension GRUConfig: SeededSection {
    public var runSeed: UInt64 {
        get { UInt64(truncatingIfNeeded: seed) }
        set { seed = Int(truncatingIfNeeded: newValue) }
    }
}

extension GRUModel: SafetensorsStored {
    public static func decode(_ file: SafetensorsFile, path: String) throws -> GRUModel {
        try GRUModel(file: file, path: path)
    }

    public var kind: ModelKind { .gru }

    public func write(to path: String) throws { try save(to: path) }

    public func inspection(top: Int) -> ModelInspection {
        ModelInspection(
            fields: [
                ("kind", "gru"), ("input size", String(architecture.inputSize)),
                ("hidden size", String(architecture.hiddenSize)),
                ("layers", String(architecture.layerCount)), ("sequence length", String(sequenceLength)),
                ("parameters", String(parameters.count)), ("feature spec hash", featureSpecHash),
                ("target mean", "\(targetMean)"), ("target std", "\(targetStd)"),
                ("seed", String(seed)),
                ("features", featureNames.prefix(top).joined(separator: ", ") + (featureNames.count > top ? ", …" : "")),
            ], importances: nil)
    }

    /// The raw network output (before target de-standardisation) for each full window.
    public func score(_ features: DenseMatrix, path: String) throws -> ScoredRows {
        let values = features.values.map { Float($0) }
        let raw = try rawPredictions(features: values, columnCount: features.columnCount)
        return ScoredRows(
            predictions: raw.map { Double($0) }, firstRow: sequenceLength - 1, window: sequenceLength,
            featureCount: featureNames.count)
    }

    public func predictor(specs: [FeatureSpec], hash: String) -> Result<any ModelPredictor, PredictorRefusal> {
        guard featureSpecHash == hash, featureNames == specs.map(\.name) else {
            return .failure(
                PredictorRefusal(
                    reason: "trained on another feature spec (\(featureSpecHash.prefix(12)) ≠ \(hash.prefix(12)))"))
        }
        return .success(GRUSignalPredictor(model: self))
    }
}

/// The trader's GRU: the de-standardised output for the window ending at the bar.
final class GRUSignalPredictor: ModelPredictor {
    private let predictor: GRUPredictor

    init(model: GRUModel) { predictor = GRUPredictor(model: model) }

    var kind: ModelKind { .gru }
    var windowRows: Int { predictor.model.sequenceLength }
    var needsAccount: Bool { false }

    func predict(_ rows: ScaledRows, endingAt row: Int, account: AccountSnapshot?, price: Double) throws -> Double {
        let raw = rows.floats.withUnsafeBufferPointer { predictor.predictRaw(features: $0, endingAt: row) }
        return predictor.model.destandardized(raw)
    }
}

extension ModelKind {
    /// The GRU sequence regressor.
    public static let gru = ModelKind(registering: "gru")
}
