import Foundation
import Synchronization

/// Progress of a running study, for the shell's progress line.
public struct TuneProgress: Sendable, Equatable {
    /// The study.
    public var study: String
    /// Trials finished (any state), this run's and earlier runs'.
    public var finished: Int
    /// The study's trial budget.
    public var total: Int
    /// The best complete trial's value so far.
    public var best: Double?
    /// The running trials with the fold each is on (0-based), by trial number.
    public var running: [Int: Int]
    /// Folds per trial.
    public var folds: Int

    public init(study: String, finished: Int, total: Int, best: Double?, running: [Int: Int], folds: Int) {
        self.study = study
        self.finished = finished
        self.total = total
        self.best = best
        self.running = running
        self.folds = folds
    }
}

/// How a `tune` run ended.
public struct TuneOutcome: Sendable {
    /// The study's header.
    public var header: StudyHeader
    /// The file.
    public var path: String
    /// Every trial in the study after the run.
    public var trials: [StudyTrial]
    /// Trials this run finished.
    public var ranThisTime: Int
    /// Trials found `running` (a process that died) and marked failed.
    public var abandoned: [Int]
    /// Why the run stopped early: `interrupted`, `timeout`, or `nil` when the budget was reached.
    public var stoppedBy: String?
}

/// The batch-synchronous study loop: trials are suggested `parallel` at a time from the same
/// finished history and run at once; each is written `running` before it starts and updated when it
/// ends. With a fixed seed and parallel count the study is the same run to run: the suggestions,
/// seeds and pruning decisions depend only on the history at the batch's start.
public struct TuneRun {
    public var job: TuneJob
    public var store: StudyStore
    public var sampler: any TrialSampler
    /// `nil` runs every fold of every trial.
    public var pruner: (any TrialPruner)?
    /// The study's trial budget (all trials, any state, earlier runs included).
    public var trials: Int
    /// Trials at once.
    public var parallel: Int
    /// No new batch starts after this time.
    public var deadline: Date?

    public init(
        job: TuneJob, store: StudyStore, sampler: any TrialSampler, pruner: (any TrialPruner)?, trials: Int,
        parallel: Int, deadline: Date? = nil
    ) {
        self.job = job
        self.store = store
        self.sampler = sampler
        self.pruner = pruner
        self.trials = trials
        self.parallel = max(1, parallel)
        self.deadline = deadline
    }

    /// The reason written on a trial whose process ended while it ran.
    public static let deadTrialReason = "process ended during the trial"

    /// Runs trials until the budget is reached, the deadline passes (checked between batches) or
    /// `cancellation` fires (the running folds finish; interrupted trials are discarded so the
    /// next run suggests them again).
    /// - Parameter progress: Called from worker threads as folds start and trials end.
    /// - Throws: `TuneError.store`.
    public func run(
        cancellation: CancellationToken, progress: @escaping @Sendable (TuneProgress) -> Void = { _ in }
    ) throws(TuneError) -> TuneOutcome {
        let header = store.header
        let abandoned = try store.failRunning(reason: Self.deadTrialReason)
        var history = try store.trials()
        var ran = 0
        var stoppedBy: String?
        let threads = Self.threadsPerTrial(model: job.model, parallel: parallel)
        if let blas = job.base.blasThreads { BLAS.setThreadCount(blas) }
        while history.count < trials {
            if cancellation.isCancelled {
                stoppedBy = "interrupted"
                break
            }
            if let deadline, Date() >= deadline {
                stoppedBy = "timeout"
                break
            }
            let records = history.map(\.record)
            let batch = Self.nextBatch(header: header, history: history, sampler: sampler, trials: trials, parallel: parallel)
            let count = batch.count
            try store.start(batch)
            let best = Self.best(history, direction: header.direction)?.record.value
            let state = Mutex(TuneProgress(
                study: header.name, finished: history.count, total: trials, best: best, running: [:], folds: job.folds.count))
            let outcomes = Mutex([TuneJob.Outcome?](repeating: nil, count: count))
            let job = self.job
            let pruner = self.pruner
            let direction = header.direction
            DispatchQueue.concurrentPerform(iterations: count) { i in
                let record = batch[i]
                let outcome = job.runTrial(
                    parameters: record.parameters, seed: record.seed, threadsPerTrial: threads, cancellation: cancellation,
                    shouldPrune: { values in
                        pruner?.shouldPrune(foldValues: values, history: records, direction: direction) ?? false
                    },
                    foldStarted: { fold in
                        progress(state.withLock { $0.running[record.number] = fold; return $0 })
                    })
                outcomes.withLock { $0[i] = outcome }
                progress(state.withLock { $0.running[record.number] = nil; $0.finished += 1; return $0 })
            }
            var discarded: [Int] = []
            for (record, outcome) in zip(batch, outcomes.withLock { $0 }) {
                guard let outcome, let done = Self.finished(record, outcome: outcome) else {
                    discarded.append(record.number)
                    continue
                }
                try store.finish(done)
                ran += 1
            }
            try store.discard(discarded)
            history = try store.trials()
        }
        if stoppedBy == nil, cancellation.isCancelled, history.count < trials { stoppedBy = "interrupted" }
        return TuneOutcome(
            header: header, path: store.path, trials: history, ranThisTime: ran, abandoned: abandoned, stoppedBy: stoppedBy)
    }

    /// The best complete trial (the lowest number among equals), or `nil`.
    /// - Complexity: O(trials).
    public static func best(_ trials: [StudyTrial], direction: StudyDirection) -> StudyTrial? {
        var best: StudyTrial?
        for trial in trials where trial.record.state == .complete {
            guard let value = trial.record.value, value.isFinite else { continue }
            if let current = best?.record.value, !direction.isBetter(value, than: current) { continue }
            best = trial
        }
        return best
    }
}
