import Foundation

extension Engine {
    /// Trains one model kind for one loaded symbol on its own data and writes the model, its
    /// preprocessor, the feature metadata and a manifest into `paths.models`.
    ///
    /// Rows are split chronologically (`training.*`) with an embargo; the preprocessor and every
    /// statistic are fit on the training rows only; validation drives early stopping; the test
    /// split is only reported.
    /// - Parameters:
    ///   - kind: `gru` or `lightgbm`.
    ///   - symbol: A loaded symbol.
    ///   - seed: Overrides the model's configured seed when given.
    ///   - date: The time stamped into file names.
    ///   - cancellation: Ctrl-C; the GRU keeps its best weights so far, LightGBM stops.
    ///   - progress: Called after each epoch or round.
    /// - Throws: `DataError`, `FeatureError`, `ModelError`, `GRUError`.
    public func train(
        _ kind: ModelKind, symbol: String, seed: UInt64? = nil, date: Date = Date(),
        cancellation: CancellationToken = .never, progress: (TrainingProgress) -> Void = { _ in }
    ) throws -> TrainingReport {
        let features = try features(for: symbol)
        guard let split = features.split, let preprocessor = features.preprocessor else {
            throw ModelError.invalidTrainingData(reason: "'\(symbol)' has too few usable rows to split")
        }
        let scaled = try preprocessor.transform(features.matrix).matrix
        let stamp = ModelStore.timestamp(date)
        let started = Date()
        var report: TrainingReport
        switch kind {
        case .gru:
            report = try trainGRU(
                scaled: scaled, split: split, seed: seed, stamp: stamp, cancellation: cancellation, progress: progress)
        case .lightgbm:
            report = try trainLightGBM(
                scaled: scaled, split: split, seed: seed, stamp: stamp, cancellation: cancellation, progress: progress)
        case .ppo:
            report = try trainPPO(
                scaled: scaled, split: split, seed: seed, stamp: stamp, cancellation: cancellation, progress: progress)
        }
        report.seconds = Date().timeIntervalSince(started)
        report.files += try writeRunFiles(report: report, features: features, split: split, stamp: stamp)
        ModelStore.prune(kind, for: features.matrix.symbol, keep: config.models.keepVersions, in: config.paths.models)
        return report
    }

    // MARK: - GRU

    private func trainGRU(
        scaled: FeatureMatrix, split: DataSplit, seed: UInt64?, stamp: String, cancellation: CancellationToken,
        progress: (TrainingProgress) -> Void
    ) throws -> TrainingReport {
        var config = config.models.gru
        if let seed { config.seed = Int(truncatingIfNeeded: seed) }
        let length = config.sequenceLength
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
        let result = try GRUTrainer.train(config: config, data: data, cancellation: cancellation) { epoch in
            progress(
                TrainingProgress(
                    kind: .gru, symbol: scaled.symbol, step: epoch.epoch, total: epoch.epochCount,
                    metrics: String(format: "train %.4f val %.4f", epoch.trainingLoss, epoch.validationLoss),
                    elapsed: epoch.elapsedSeconds))
        }
        let raw = try result.model.rawPredictions(features: values, columnCount: scaled.columnCount)
        var predictions = [Double](repeating: .nan, count: scaled.rowCount)
        for (i, value) in raw.enumerated() { predictions[i + length - 1] = result.model.destandardized(value) }
        let path = (self.config.paths.models as NSString).appendingPathComponent(
            ModelStore.fileName(kind: .gru, symbol: scaled.symbol, stamp: stamp))
        try FileManager.default.createDirectory(atPath: self.config.paths.models, withIntermediateDirectories: true)
        try result.model.save(to: path)
        return TrainingReport(
            kind: .gru, symbol: scaled.symbol, dataRange: dataRange(scaled),
            rows: ["train": trainEnds.count, "validation": validationEnds.count, "test": testEnds.count],
            iterations: result.epochs.count, bestIteration: result.bestEpoch, summary: result.summary,
            evaluations: [
                evaluate("validation", rows: validationEnds, predictions: predictions, matrix: scaled),
                evaluate("test", rows: testEnds, predictions: predictions, matrix: scaled),
            ],
            seconds: 0, files: [path], seed: UInt64(truncatingIfNeeded: config.seed),
            specHash: FeatureSpec.hash(of: scaled.specs))
    }

    // MARK: - LightGBM

    private func trainLightGBM(
        scaled: FeatureMatrix, split: DataSplit, seed: UInt64?, stamp: String, cancellation: CancellationToken,
        progress: (TrainingProgress) -> Void
    ) throws -> TrainingReport {
        var config = config.models.lightgbm
        if let seed { config.seed = seed }
        let trainRows = scaled.trainingRows(in: split.train)
        let validationRows = scaled.trainingRows(in: split.validation)
        let testRows = scaled.trainingRows(in: split.test)
        func dense(_ rows: [Int]) -> DenseMatrix { DenseMatrix(rows: rows.map { scaled.row($0) }) }
        let result = try GBDTTrainer.train(
            features: dense(trainRows), labels: trainRows.map { scaled.target[$0] }, featureNames: scaled.names,
            validation: (dense(validationRows), validationRows.map { scaled.target[$0] }), config: config,
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
        let path = (self.config.paths.models as NSString).appendingPathComponent(
            ModelStore.fileName(kind: .lightgbm, symbol: scaled.symbol, stamp: stamp))
        try FileManager.default.createDirectory(atPath: self.config.paths.models, withIntermediateDirectories: true)
        try result.booster.write(toFile: path)
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
            seconds: 0, files: [path], seed: config.seed, specHash: FeatureSpec.hash(of: scaled.specs))
    }

    // MARK: - PPO

    private func trainPPO(
        scaled: FeatureMatrix, split: DataSplit, seed: UInt64?, stamp: String, cancellation: CancellationToken,
        progress: (TrainingProgress) -> Void
    ) throws -> TrainingReport {
        var config = config.models.ppo
        if let seed { config.seed = Int(truncatingIfNeeded: seed) }
        let features = scaled.values.map { $0.isFinite ? Float($0) : 0 }
        let closes = datasets[scaled.symbol]?.series.close ?? []
        let trading = self.config.trading
        let started = Date()
        let (agent, summary) = try PPOAgent.train(
            config: config, featureNames: scaled.names, specHash: FeatureSpec.hash(of: scaled.specs), features: features,
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
        let path = (self.config.paths.models as NSString).appendingPathComponent(
            ModelStore.fileName(kind: .ppo, symbol: scaled.symbol, stamp: stamp))
        try FileManager.default.createDirectory(atPath: self.config.paths.models, withIntermediateDirectories: true)
        try agent.save(to: path)
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
            seconds: 0, files: [path], seed: UInt64(truncatingIfNeeded: config.seed),
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
        let series = datasets[matrix.symbol]?.series
        let step = matrix.interval.milliseconds
        let previous = rows.map { row -> Double in
            guard let series, row > 0, series.timestamps[row] - series.timestamps[row - 1] == step else { return .nan }
            return series.close[row] / series.close[row - 1] - 1
        }
        return SplitEvaluation(
            split: name, model: .evaluate(predictions: rows.map { predictions[$0] }, actual: actual),
            zero: .evaluate(predictions: [Double](repeating: 0, count: rows.count), actual: actual),
            previousReturn: .evaluate(predictions: previous, actual: actual))
    }

    /// The preprocessor, the feature metadata and a manifest of the run.
    private func writeRunFiles(report: TrainingReport, features: SymbolFeatures, split: DataSplit, stamp: String)
        throws -> [String]
    {
        let folder = config.paths.models
        let symbol = features.matrix.symbol
        let preprocessorPath = (folder as NSString).appendingPathComponent("preprocessor_\(symbol)_\(stamp).json")
        try features.preprocessor?.save(to: preprocessorPath)
        let dataHash = dataFingerprints().first { $0.symbol == symbol }?.sha256 ?? ""
        let metadataPath = (folder as NSString).appendingPathComponent(FeatureMetadata.relativePath(symbol: symbol))
        try FileManager.default.createDirectory(
            atPath: (metadataPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FeatureMetadata(matrix: features.matrix, trainRows: split.train, dataSHA256: dataHash).save(to: metadataPath)
        let manifestFolder = (folder as NSString).appendingPathComponent("manifests")
        try FileManager.default.createDirectory(atPath: manifestFolder, withIntermediateDirectories: true)
        let manifestPath = (manifestFolder as NSString).appendingPathComponent(
            "\(report.kind.rawValue)_\(symbol)_\(stamp).json")
        let manifest = TrainingManifest(
            kiloVersion: Kilo.version, report: report, dataPath: datasets[symbol]?.series.source.path ?? "",
            dataSHA256: dataHash, config: config, split: split)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
        return [preprocessorPath, metadataPath, manifestPath]
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
