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
        guard let split = features.split, let preprocessor = features.preprocessor else {
            throw ModelError.invalidTrainingData(reason: "'\(symbol)' has too few usable rows to split")
        }
        let started = Date()
        var report = try fitAndEvaluate(
            split: split, preprocessor: preprocessor, cancellation: cancellation, progress: progress)
        report.seconds = Date().timeIntervalSince(started)
        if writesFiles {
            report.files += try writeRunFiles(report: report, split: split)
            ModelStore.prune(kind, for: symbol, keep: config.models.keepVersions, in: config.paths.models)
        }
        return report
    }

    /// Fits the model on `split.train` (rows scaled by `preprocessor`), early-stops on
    /// `split.validation` and evaluates on validation and test.
    func fitAndEvaluate(
        split: DataSplit, preprocessor: Preprocessor, cancellation: CancellationToken,
        progress: (TrainingProgress) -> Void
    ) throws -> TrainingReport {
        let scaled = try preprocessor.transform(features.matrix).matrix
        switch kind {
        case .gru:
            return try trainGRU(
                scaled: scaled, split: split, seed: seed, stamp: stamp, cancellation: cancellation, progress: progress)
        case .lightgbm:
            return try trainLightGBM(
                scaled: scaled, split: split, seed: seed, stamp: stamp, cancellation: cancellation, progress: progress)
        case .ppo:
            return try trainPPO(
                scaled: scaled, split: split, seed: seed, stamp: stamp, cancellation: cancellation, progress: progress)
        }
    }
}

extension TrainingJob {
    // MARK: - GRU

    func trainGRU(
        scaled: FeatureMatrix, split: DataSplit, seed: UInt64?, stamp: String, cancellation: CancellationToken,
        progress: (TrainingProgress) -> Void
    ) throws -> TrainingReport {
        var gruConfig = config.models.gru
        if let seed { gruConfig.seed = Int(truncatingIfNeeded: seed) }
        let length = gruConfig.sequenceLength
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
        let result = try GRUTrainer.train(config: gruConfig, data: data, cancellation: cancellation) { epoch in
            progress(
                TrainingProgress(
                    kind: .gru, symbol: scaled.symbol, step: epoch.epoch, total: epoch.epochCount,
                    metrics: String(format: "train %.4f val %.4f", epoch.trainingLoss, epoch.validationLoss),
                    elapsed: epoch.elapsedSeconds))
        }
        let raw = try result.model.rawPredictions(features: values, columnCount: scaled.columnCount)
        var predictions = [Double](repeating: .nan, count: scaled.rowCount)
        for (i, value) in raw.enumerated() { predictions[i + length - 1] = result.model.destandardized(value) }
        let path = files.model(.gru)
        if writesFiles {
            try FileManager.default.createDirectory(atPath: config.paths.models, withIntermediateDirectories: true)
            try result.model.save(to: path)
        }
        return TrainingReport(
            kind: .gru, symbol: scaled.symbol, dataRange: dataRange(scaled),
            rows: ["train": trainEnds.count, "validation": validationEnds.count, "test": testEnds.count],
            iterations: result.epochs.count, bestIteration: result.bestEpoch, summary: result.summary,
            evaluations: [
                evaluate("validation", rows: validationEnds, predictions: predictions, matrix: scaled),
                evaluate("test", rows: testEnds, predictions: predictions, matrix: scaled),
            ],
            seconds: 0, files: writesFiles ? [path] : [], seed: UInt64(truncatingIfNeeded: gruConfig.seed),
            specHash: FeatureSpec.hash(of: scaled.specs))
    }

    // MARK: - LightGBM

    func trainLightGBM(
        scaled: FeatureMatrix, split: DataSplit, seed: UInt64?, stamp: String, cancellation: CancellationToken,
        progress: (TrainingProgress) -> Void
    ) throws -> TrainingReport {
        var boosterConfig = config.models.lightgbm
        if let seed { boosterConfig.seed = seed }
        let trainRows = scaled.trainingRows(in: split.train)
        let validationRows = scaled.trainingRows(in: split.validation)
        let testRows = scaled.trainingRows(in: split.test)
        func dense(_ rows: [Int]) -> DenseMatrix { DenseMatrix(rows: rows.map { scaled.row($0) }) }
        let result = try GBDTTrainer.train(
            features: dense(trainRows), labels: trainRows.map { scaled.target[$0] }, featureNames: scaled.names,
            validation: (dense(validationRows), validationRows.map { scaled.target[$0] }), config: boosterConfig,
            cancellation: cancellation
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
        let path = files.model(.lightgbm)
        if writesFiles {
            try FileManager.default.createDirectory(atPath: config.paths.models, withIntermediateDirectories: true)
            try result.booster.write(toFile: path)
        }
        let ending = result.stoppedEarly ? "early-stopped" : "completed"
        return TrainingReport(
            kind: .lightgbm, symbol: scaled.symbol, dataRange: dataRange(scaled),
            rows: ["train": trainRows.count, "validation": validationRows.count, "test": testRows.count],
            iterations: result.history.count, bestIteration: result.bestIteration,
            summary: "\(ending) after \(result.history.count) rounds; kept the best \(result.bestIteration) trees",
            evaluations: [
                evaluate("validation", rows: validationRows, predictions: predictions, matrix: scaled),
                evaluate("test", rows: testRows, predictions: predictions, matrix: scaled),
            ],
            seconds: 0, files: writesFiles ? [path] : [], seed: boosterConfig.seed, specHash: FeatureSpec.hash(of: scaled.specs))
    }

    // MARK: - PPO

    func trainPPO(
        scaled: FeatureMatrix, split: DataSplit, seed: UInt64?, stamp: String, cancellation: CancellationToken,
        progress: (TrainingProgress) -> Void
    ) throws -> TrainingReport {
        var ppoConfig = config.models.ppo
        if let seed { ppoConfig.seed = Int(truncatingIfNeeded: seed) }
        let features = scaled.values.map { $0.isFinite ? Float($0) : 0 }
        let closes = series.close
        let trading = config.trading
        let started = Date()
        let (agent, summary) = try PPOAgent.train(
            config: ppoConfig, featureNames: scaled.names, specHash: FeatureSpec.hash(of: scaled.specs), features: features,
            closes: closes, trainingRows: longestUsableRun(in: split.train, of: scaled), fee: trading.fee,
            slippage: trading.slippage, cancellation: cancellation
        ) { update in
            progress(
                TrainingProgress(
                    kind: .ppo, symbol: scaled.symbol, step: update.update, total: update.updates,
                    metrics: String(format: "episode return %.4f", update.meanEpisodeReturn),
                    elapsed: Date().timeIntervalSince(started)))
        }
        let validation = longestUsableRun(in: split.validation, of: scaled)
        let test = longestUsableRun(in: split.test, of: scaled)
        let evaluation = try agent.evaluationReport(
            features: features, closes: closes, validationRows: validation, testRows: test, fee: trading.fee,
            slippage: trading.slippage)
        let path = files.model(.ppo)
        if writesFiles {
            try FileManager.default.createDirectory(atPath: config.paths.models, withIntermediateDirectories: true)
            try agent.save(to: path)
        }
        func line(_ name: String, _ window: PPOEvaluationWindow) -> String {
            String(
                format: "%@: agent %+.2f%% vs buy-and-hold %+.2f%%, %d trades, fees %.2f, actions hold/buy/sell %@%@",
                name, window.agentReturn * 100, window.buyAndHoldReturn * 100, window.trades, window.feesPaid,
                window.actionHistogram.map(String.init).joined(separator: "/"),
                window.collapsed ? " — COLLAPSED to one action" : "")
        }
        return TrainingReport(
            kind: .ppo, symbol: scaled.symbol, dataRange: dataRange(scaled),
            rows: ["train": split.train.count, "validation": validation.count, "test": test.count],
            iterations: summary.updates, bestIteration: summary.updates,
            summary: "trained \(summary.timesteps) steps in \(summary.updates) updates (\(Int(summary.stepsPerSecond)) steps/s)",
            evaluations: [], notes: [line("validation", evaluation.validation), line("test", evaluation.test)],
            seconds: 0, files: writesFiles ? [path] : [], seed: UInt64(truncatingIfNeeded: ppoConfig.seed),
            specHash: FeatureSpec.hash(of: scaled.specs))
    }

    /// The longest run of consecutive rows inside `range` that are past every warm-up (a run
    /// ends where a gap starts a new segment).
    func longestUsableRun(in range: Range<Int>, of matrix: FeatureMatrix) -> Range<Int> {
        let positions = matrix.positionsInSegment
        var best = range.lowerBound..<range.lowerBound
        var start: Int? = nil
        for row in range.clamped(to: 0..<matrix.rowCount) {
            if positions[row] >= matrix.warmupRows {
                if start == nil { start = row }
                if let s = start, row + 1 - s > best.count { best = s..<(row + 1) }
            } else {
                start = nil
            }
        }
        return best
    }

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
