import Foundation

/// One training run — a model kind for one symbol — with everything it needs captured from the
/// engine, so runs can go in parallel: they share nothing mutable, read only their own inputs and
/// write only their own files (plus the symbol's preprocessor and metadata, written atomically with
/// identical contents by every run of that symbol).
///
/// A run's output depends only on these inputs and its seed, never on the thread it runs on or
/// on what runs beside it, so parallel and sequential training write the same bits.
public struct TrainingJob: Sendable {
    /// The model kind.
    public var kind: ModelKind
    /// The symbol.
    public var symbol: String
    /// The config in force.
    public var config: EngineConfig
    /// The symbol's features, split and train-fit preprocessor.
    public var features: SymbolFeatures
    /// The symbol's bars.
    public var series: BarSeries
    /// SHA-256 of the data file, for the manifest.
    public var dataSHA256: String
    /// Overrides the model's configured seed when given.
    public var seed: UInt64?
    /// The time stamp in the file names (`ModelStore.timestamp`).
    public var stamp: String
    /// Whether to write the model, preprocessor, metadata and manifest (walk-forward folds don't).
    public var writesFiles = true

    /// The paths this run writes.
    public var files: RunFiles { RunFiles(folder: config.paths.models, symbol: symbol, stamp: stamp) }

    /// Trains on the standard chronological split and writes the files.
    /// - Throws: `ModelError`, `FeatureError`, `GRUError`, file errors.
    public func run(
        cancellation: CancellationToken = .never, progress: (TrainingProgress) -> Void = { _ in }
    ) throws -> TrainingReport {
        try runKeepingPredictions(cancellation: cancellation, progress: progress).report
    }

    /// `run`, also returning the model's predictions on the splits it evaluated (the files written
    /// are the same).
    /// - Throws: `ModelError`, `FeatureError`, `GRUError`, file errors.
    public func runKeepingPredictions(
        cancellation: CancellationToken = .never, progress: (TrainingProgress) -> Void = { _ in }
    ) throws -> (report: TrainingReport, predictions: HeldOutPredictions) {
        guard let split = features.split, let preprocessor = features.preprocessor else {
            throw ModelError.invalidTrainingData(reason: "'\(symbol)' has too few usable rows to split")
        }
        let started = Date()
        var (report, predictions) = try fitAndEvaluateKeepingPredictions(
            split: split, preprocessor: preprocessor, cancellation: cancellation, progress: progress)
        report.seconds = Date().timeIntervalSince(started)
        if writesFiles {
            report.files += try writeRunFiles(report: report, split: split)
            ModelStore.prune(kind, for: symbol, keep: config.models.keepVersions, in: config.paths.models)
        }
        return (report, predictions)
    }

    /// Fits the kind's model on `split.train` (rows scaled by `preprocessor`) through its
    /// `ModelFamily`, evaluates what it predicted, and writes the model file when `writesFiles`.
    func fitAndEvaluate(
        split: DataSplit, preprocessor: Preprocessor, cancellation: CancellationToken,
        progress: (TrainingProgress) -> Void
    ) throws -> TrainingReport {
        try fitAndEvaluateKeepingPredictions(
            split: split, preprocessor: preprocessor, cancellation: cancellation, progress: progress
        ).report
    }

    /// `fitAndEvaluate`, also returning the fitted model's predictions by matrix row and the rows
    /// of each evaluated split (what `tune` scores a fold by and `train --from-study` tests).
    /// `cache` keeps the scaled rows and the family's reusable work for later fits with the same
    /// features, `split` and `preprocessor` (one per `tune` fold); `nil` keeps nothing.
    func fitAndEvaluateKeepingPredictions(
        split: DataSplit, preprocessor: Preprocessor, cancellation: CancellationToken, cache: RunCache? = nil,
        progress: (TrainingProgress) -> Void
    ) throws -> (report: TrainingReport, predictions: HeldOutPredictions) {
        let scale = { () throws -> FeatureMatrix in try preprocessor.transform(features.matrix).matrix }
        let scaled = try cache.map { try $0.value(for: "scaled features", build: scale) } ?? scale()
        let run = TrainingRun(scaled: scaled, split: split, series: series, config: config, seed: seed, cache: cache)
        let fitted = try kind.family.fit(run, cancellation: cancellation, progress: progress)
        let heldOut = HeldOutPredictions(
            rows: Dictionary(fitted.evaluatedRows.map { ($0.split, $0.rows) }, uniquingKeysWith: { a, _ in a }),
            predictions: fitted.predictions, target: scaled.target)
        let path = files.model(kind)
        if writesFiles {
            try FileManager.default.createDirectory(atPath: config.paths.models, withIntermediateDirectories: true)
            try fitted.model.write(to: path)
        }
        return (TrainingReport(
            kind: kind, symbol: scaled.symbol, dataRange: dataRange(scaled), rows: fitted.rows,
            iterations: fitted.iterations, bestIteration: fitted.bestIteration, summary: fitted.summary,
            evaluations: fitted.evaluatedRows.map {
                evaluate($0.split, rows: $0.rows, predictions: fitted.predictions, matrix: scaled)
            },
            notes: fitted.notes, seconds: 0, files: writesFiles ? [path] : [], seed: fitted.seed,
            specHash: FeatureSpec.hash(of: scaled.specs)
        ), heldOut)
    }
}

/// A fitted model's predictions on the splits it was evaluated on (kept in memory, never written).
public struct HeldOutPredictions: Sendable {
    /// Matrix rows of each evaluated split (`validation`, `test`), in time order.
    public var rows: [String: [Int]]
    /// Predictions by matrix row (NaN where none).
    public var predictions: [Double]
    /// The realised target by matrix row.
    public var target: [Double]

    /// The predictions and realised returns of `split`'s rows (empty when it was not evaluated).
    /// - Complexity: O(rows).
    public func pairs(_ split: String) -> (predicted: [Double], actual: [Double]) {
        let rows = rows[split] ?? []
        return (rows.map { predictions[$0] }, rows.map { target[$0] })
    }
}

extension TrainingJob {
    // MARK: - Evaluation and files

    private func dataRange(_ matrix: FeatureMatrix) -> ClosedRange<Int64> {
        (matrix.timestamps.first ?? 0)...(matrix.timestamps.last ?? 0)
    }

    /// Model metrics on `rows` beside predicting zero and predicting the previous return
    /// (`close[t]/close[t−1] − 1`, NaN where bar t−1 is not one interval earlier).
    func evaluate(_ name: String, rows: [Int], predictions: [Double], matrix: FeatureMatrix) -> SplitEvaluation {
        let actual = rows.map { matrix.target[$0] }
        let step = matrix.interval.milliseconds
        let previous = rows.map { row -> Double in
            guard row > 0, series.timestamps[row] - series.timestamps[row - 1] == step else { return .nan }
            return series.close[row] / series.close[row - 1] - 1
        }
        return SplitEvaluation(
            split: name, model: .evaluate(predictions: rows.map { predictions[$0] }, actual: actual),
            zero: .evaluate(predictions: [Double](repeating: 0, count: rows.count), actual: actual),
            previousReturn: .evaluate(predictions: previous, actual: actual))
    }

    /// The preprocessor, the feature metadata and a manifest of the run.
    func writeRunFiles(report: TrainingReport, split: DataSplit)
        throws -> [String]
    {
        try features.preprocessor?.save(to: files.preprocessor)
        try FileManager.default.createDirectory(atPath: files.metadataFolder, withIntermediateDirectories: true)
        try FeatureMetadata(matrix: features.matrix, trainRows: split.train, dataSHA256: dataSHA256).save(to: files.metadata)
        try FileManager.default.createDirectory(atPath: files.manifestFolder, withIntermediateDirectories: true)
        let manifestPath = files.manifest(report.kind)
        let manifest = TrainingManifest(
            kiloVersion: Kilo.version, report: report, dataPath: series.source.path,
            dataSHA256: dataSHA256, config: config, split: split)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
        return [files.preprocessor, files.metadata, manifestPath]
    }
}
/// The JSON manifest of one training run: config, seed, data fingerprint, spec hash, metrics,
/// duration and kilo version.
public struct TrainingManifest: Sendable, Codable, Equatable {
    /// The kilo version that trained.
    public var kiloVersion: String
    /// What training did, with metrics and files.
    public var report: TrainingReport
    /// The data file.
    public var dataPath: String
    /// SHA-256 of the data file.
    public var dataSHA256: String
    /// The whole config in force.
    public var config: EngineConfig
    /// The row split used.
    public var split: DataSplit
}
