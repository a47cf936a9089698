import Foundation

/// LightGBM-compatible GBDT as a `ModelFamily`: `models.lightgbm`, trained by `GBDTTrainer` on
/// single rows, written in LightGBM's text format (which Python's lightgbm 4.x also reads and writes).
public struct LightGBMFamily: ModelFamily {
    public var kind: ModelKind { .lightgbm }
    public var aliases: [String] { ["gbdt", "lgbm"] }
    public var fileExtension: String { "txt" }
    public var readableExtensions: [String] { ["txt", "model", "lgb"] }
    public var trainingRank: Int { 2 }
    public var section: KeyPath<ModelsConfig, LightGBMConfig> { \.lightgbm }

    /// Boosts on the training rows with a finite target, early-stopping on validation; predicts
    /// validation and test rows.
    public func fit(
        _ run: TrainingRun, section: LightGBMConfig, cancellation: CancellationToken,
        progress: (TrainingProgress) -> Void
    ) throws -> FittedModel {
        let scaled = run.scaled, split = run.split
        let trainRows = scaled.trainingRows(in: split.train)
        let validationRows = scaled.trainingRows(in: split.validation)
        let testRows = scaled.trainingRows(in: split.test)
        func dense(_ rows: [Int]) -> DenseMatrix { DenseMatrix(rows: rows.map { scaled.row($0) }) }
        let result = try GBDTTrainer.train(
            features: dense(trainRows), labels: trainRows.map { scaled.target[$0] }, featureNames: scaled.names,
            validation: (dense(validationRows), validationRows.map { scaled.target[$0] }), config: section,
            cancellation: cancellation, cache: run.cache
        ) { round in
            let valid = round.validMetric.map { String(format: " val %.6g", $0) } ?? ""
            progress(
                TrainingProgress(
                    kind: .lightgbm, symbol: scaled.symbol, step: round.iteration, total: round.totalIterations,
                    metrics: String(format: "train %.6g", round.trainMetric) + valid, elapsed: 0))
        }
        var predictions = [Double](repeating: .nan, count: scaled.rowCount)
        for rows in [validationRows, testRows] {
            let predicted = result.booster.predict(dense(rows))
            for (row, value) in zip(rows, predicted) { predictions[row] = value }
        }
        let ending = result.stoppedEarly ? "early-stopped" : "completed"
        return FittedModel(
            model: result.booster,
            rows: ["train": trainRows.count, "validation": validationRows.count, "test": testRows.count],
            iterations: result.history.count, bestIteration: result.bestIteration,
            summary: "\(ending) after \(result.history.count) rounds; kept the best \(result.bestIteration) trees",
            evaluatedRows: [("validation", validationRows), ("test", testRows)], predictions: predictions,
            seed: section.seed)
    }

    public func open(path: String, safetensors: SafetensorsFile?) throws -> any TrainedModel {
        try Booster.load(contentsOfFile: path)
    }
}

extension Booster: TrainedModel {
    public var kind: ModelKind { .lightgbm }

    public func write(to path: String) throws { try write(toFile: path) }

    public func inspection(top: Int) -> ModelInspection {
        var fields: [(String, String)] = [
            ("kind", "lightgbm"), ("objective", objective),
            ("trees", String(trees.count)), ("features", String(featureCount)),
        ]
        if averageOutput { fields.append(("average output", "yes")) }
        let split = featureImportance(.split)
        let gain = Dictionary(uniqueKeysWithValues: featureImportance(.gain).map { ($0.name, $0.value) })
        let ranked = split.sorted { ($0.value, gain[$0.name] ?? 0) > ($1.value, gain[$1.name] ?? 0) }
        return ModelInspection(
            fields: fields,
            importances: (
                title: "importances (top \(min(top, ranked.count)) by splits)",
                rows: ranked.prefix(top).map { ($0.name, Int($0.value), gain[$0.name] ?? 0) }
            ))
    }

    public var topGain: [String] {
        featureImportance(.gain).sorted { $0.value > $1.value }.prefix(3).map(\.name)
    }

    /// One prediction per input row.
    public func score(_ features: DenseMatrix, path: String) throws -> ScoredRows {
        ScoredRows(predictions: predict(features), firstRow: 0, window: 1, featureCount: featureCount)
    }

    public func predictor(specs: [FeatureSpec], hash: String) -> Result<any ModelPredictor, PredictorRefusal> {
        guard featureNames == specs.map(\.name) else {
            return .failure(PredictorRefusal(reason: "trained on other features"))
        }
        return .success(LightGBMSignalPredictor(booster: self))
    }
}

/// The trader's trees: the raw score of the bar's row.
struct LightGBMSignalPredictor: ModelPredictor {
    let booster: Booster

    var kind: ModelKind { .lightgbm }
    var windowRows: Int { 1 }
    var needsAccount: Bool { false }

    func predict(_ rows: ScaledRows, endingAt row: Int, account: AccountSnapshot?, price: Double) throws -> Double {
        rows.doubles.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return .nan }
            return booster.predictRaw(row: base + row * rows.columnCount)
        }
    }
}

extension LightGBMConfig: SeededSection {
    public var runSeed: UInt64 {
        get { seed }
        set { seed = newValue }
    }
}

extension ModelKind {
    /// The LightGBM-compatible gradient-boosted trees.
    public static let lightgbm = ModelKind(registering: "lightgbm")
}
