import Foundation
import Synchronization

extension Engine {
    /// Trains one model kind for one loaded symbol on its own data and writes the model, its
    /// preprocessor, the feature metadata and a manifest into `paths.models`.
    ///
    /// Rows are split chronologically (`training.*`) with an embargo; the preprocessor and every
    /// statistic are fit on the training rows only; validation drives early stopping; the test
    /// split is only reported.
    /// - Parameters:
    ///   - kind: `gru`, `lightgbm` or `ppo`.
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
        try trainingJob(kind, symbol: symbol, seed: seed, date: date).run(
            cancellation: cancellation, progress: progress)
    }

    /// The run that trains `kind` for `symbol` (features computed here, on the caller's thread).
    /// - Throws: `DataError` for a symbol not loaded, `FeatureError`.
    public func trainingJob(_ kind: ModelKind, symbol: String, seed: UInt64? = nil, date: Date = Date())
        throws -> TrainingJob
    {
        let features = try features(for: symbol)
        let key = features.matrix.symbol
        let loaded = try bars(for: key)
        return TrainingJob(
            kind: kind, symbol: key, config: config, features: features, series: loaded.series,
            dataSHA256: dataFingerprints().first { $0.symbol == key }?.sha256 ?? "", seed: seed,
            stamp: ModelStore.timestamp(date))
    }

    /// Trains every (kind, symbol) pair on up to `workers` threads (default `training.parallel_runs`), longest
    /// runs first. The files are bit-identical to training them one after another: each run
    /// depends only on its own inputs and seed (the manifests differ only in their durations).
    ///
    /// Ctrl-C (`cancellation`) stops the runs in progress at their next safe point and starts no
    /// more; runs that finished keep their files.
    /// - Parameters:
    ///   - progress: Called from the worker threads (serialise what it shares).
    ///   - finished: Called from the worker thread as each run ends.
    /// - Returns: One outcome per pair in the order given; `nil` for a pair never started.
    /// - Throws: `DataError` / `FeatureError` while preparing (before anything trains).
    public func train(
        _ runs: [(kind: ModelKind, symbol: String)], seed: UInt64? = nil, date: Date = Date(), workers: Int? = nil,
        cancellation: CancellationToken = .never, progress: @escaping @Sendable (TrainingProgress) -> Void = { _ in },
        finished: @escaping @Sendable (ModelKind, String, Result<TrainingReport, any Error>) -> Void = { _, _, _ in }
    ) throws -> [Result<TrainingReport, any Error>?] {
        let jobs = try runs.map { try trainingJob($0.kind, symbol: $0.symbol, seed: seed, date: date) }
        return TrainingJob.runAll(
            jobs, workers: workers ?? parallelRuns, cancellation: cancellation, progress: progress, finished: finished)
    }
}

extension Engine {
    /// `training.parallel_runs`, with 0 meaning one per core.
    public var parallelRuns: Int {
        config.training.parallelRuns > 0 ? config.training.parallelRuns : ProcessInfo.processInfo.activeProcessorCount
    }
}

extension TrainingJob {
    /// Runs `jobs` on `workers` threads, by their family's `trainingRank` (GRU and PPO runs, the
    /// long ones, first); see
    /// `Engine.train(_:seed:date:workers:cancellation:progress:finished:)`.
    public static func runAll(
        _ jobs: [TrainingJob], workers: Int, cancellation: CancellationToken,
        progress: @escaping @Sendable (TrainingProgress) -> Void,
        finished: @escaping @Sendable (ModelKind, String, Result<TrainingReport, any Error>) -> Void = { _, _, _ in }
    ) -> [Result<TrainingReport, any Error>?] {
        let rank = jobs.map(\.kind.family.trainingRank)
        let order = jobs.indices.sorted { (rank[$0], $0) < (rank[$1], $1) }
        let results = Mutex<[Result<TrainingReport, any Error>?]>(Array(repeating: nil, count: jobs.count))
        // The BLAS thread count is process-wide: set once per group of runs that agree on it,
        // before the group's workers start (see TrainingJob+BLASThreads.swift).
        for group in threadGroups(jobs.map(\.blasThreads), order: order) where !cancellation.isCancelled {
            if let threads = group.threads { BLAS.setThreadCount(threads) }
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: max(1, min(workers, group.members.count))) { _ in
                while !cancellation.isCancelled {
                    let k = next.add(1, ordering: .relaxed).oldValue
                    guard k < group.members.count else { return }
                    let index = group.members[k]
                    let outcome = Result { try jobs[index].run(cancellation: cancellation, progress: progress) }
                    results.withLock { $0[index] = outcome }
                    finished(jobs[index].kind, jobs[index].symbol, outcome)
                }
            }
        }
        return results.withLock { $0 }
    }
}

extension Engine {
    /// Walk-forward evaluation of `kind` for `symbol`: `folds` expanding splits over the usable
    /// rows with the training embargo, each fold with its own preprocessor fit on its training rows
    /// only, early-stopped on its validation block and scored on its test block; the folds run on
    /// `workers` threads. Writes no files.
    /// - Throws: `ModelError.invalidTrainingData` for a kind not `evaluatesByRegression` (PPO: its
    ///   evaluation is a trading report), too few folds or rows; `DataError`, `FeatureError`.
    public func walkForward(
        _ kind: ModelKind, symbol: String, folds: Int, seed: UInt64? = nil, workers: Int? = nil,
        cancellation: CancellationToken = .never, progress: @escaping @Sendable (TrainingProgress) -> Void = { _ in }
    ) throws -> WalkForwardReport {
        let plan = try walkForwardJobs(kind, symbol: symbol, folds: folds, seed: seed)
        let jobs = plan.jobs
        let outcomes = TrainingJob.runAll(
            jobs, workers: workers ?? parallelRuns, cancellation: cancellation,
            progress: progress)
        var reports: [TrainingReport] = []
        for outcome in outcomes {
            guard let outcome else { throw ModelError.cancelled }
            reports.append(try outcome.get())
        }
        return WalkForwardReport(kind: kind, symbol: plan.symbol, splits: plan.splits, folds: reports)
    }

    /// The runs of a walk-forward evaluation, one per fold, none started: `walkForward` runs them
    /// all on its threads, `JobRunner` runs one (a `walk-forward-fold` job), so a fold is trained
    /// the same way wherever it runs.
    /// - Returns: The symbol as loaded, the folds' splits and their runs (which write no files).
    /// - Throws: `ModelError.invalidTrainingData` for a kind not `evaluatesByRegression` (PPO: its
    ///   evaluation is a trading report), too few folds or rows; `DataError`, `FeatureError`.
    public func walkForwardJobs(_ kind: ModelKind, symbol: String, folds: Int, seed: UInt64? = nil) throws
        -> (symbol: String, splits: [DataSplit], jobs: [TrainingJob])
    {
        guard kind.family.evaluatesByRegression else {
            let evaluated = ModelRegistry.families.filter(\.evaluatesByRegression).map(\.kind.rawValue)
            throw ModelError.invalidTrainingData(
                reason: "walk-forward evaluates \(evaluated.joined(separator: " and ")); \(kind) reports its trading evaluation")
        }
        guard folds >= 2 else { throw ModelError.invalidTrainingData(reason: "walk-forward needs at least 2 folds, got \(folds)") }
        let base = try trainingJob(kind, symbol: symbol, seed: seed)
        let matrix = base.features.matrix
        let splits = DataSplit.walkForward(usable: usableRows(of: matrix), folds: folds, embargo: embargo(for: matrix))
        guard splits.count == folds else {
            throw ModelError.invalidTrainingData(
                reason: "'\(base.symbol)' has too few rows (\(matrix.rowCount)) for \(folds) walk-forward folds")
        }
        let jobs = try splits.map { split in
            var job = base
            job.writesFiles = false
            job.features.split = split
            job.features.preprocessor = try Preprocessor.fit(matrix, trainingRows: split.train, config: config.features)
            return job
        }
        return (base.symbol, splits, jobs)
    }
}
