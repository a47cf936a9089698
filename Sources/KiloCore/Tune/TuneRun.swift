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

/// The study loop: up to `parallel` trials run at once on the pipelined schedule
/// (`TuneRun+Schedule.swift`): trial k is suggested from, and pruned against, its view (the
/// finished trials numbered ≤ k − `lag`, the next ones as running) and starts as soon as a slot is
/// free and that view is complete. Each trial is written `running` before it starts and updated
/// when it ends. With a fixed seed, parallel count and lag the study is the same run to run,
/// whatever order the trials end in.
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
    /// Trials k − lag + 1 … k − 1 are unseen by trial k (`TuneRun.defaultLag(parallel:)` by default).
    public var lag: Int
    /// No new trial starts after this time.
    public var deadline: Date?

    public init(
        job: TuneJob, store: StudyStore, sampler: any TrialSampler, pruner: (any TrialPruner)?, trials: Int,
        parallel: Int, lag: Int? = nil, deadline: Date? = nil
    ) {
        self.job = job
        self.store = store
        self.sampler = sampler
        self.pruner = pruner
        self.trials = trials
        self.parallel = max(1, parallel)
        self.lag = max(1, lag ?? Self.defaultLag(parallel: parallel))
        self.deadline = deadline
    }

    /// The reason written on a trial whose process ended while it ran.
    public static let deadTrialReason = "process ended during the trial"

    /// What the loop and its worker threads share: the progress line's state and the trials that
    /// ended, with one signal per end (sent after the end is listed).
    private final class Shared: Sendable {
        let progress: Mutex<TuneProgress>
        let ended = Mutex([(record: TrialRecord, outcome: TuneJob.Outcome)]())
        let signal = DispatchSemaphore(value: 0)

        init(_ progress: TuneProgress) { self.progress = Mutex(progress) }
    }

    /// Runs trials until the budget is reached, the deadline passes (checked before each start) or
    /// `cancellation` fires (the running folds finish; interrupted trials are discarded so the
    /// next run runs them again under their numbers).
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
        let shared = Shared(TuneProgress(
            study: header.name, finished: history.count, total: trials,
            best: Self.best(history, direction: header.direction)?.record.value, running: [:], folds: job.folds.count))
        var inFlight = 0
        while true {
            if stoppedBy == nil, history.count < trials {
                if cancellation.isCancelled { stoppedBy = "interrupted" }
                if let deadline, Date() >= deadline { stoppedBy = stoppedBy ?? "timeout" }
            }
            if stoppedBy == nil {
                let next = Self.nextTrials(
                    header: header, history: history.map(\.record), sampler: sampler, trials: trials, parallel: parallel,
                    lag: lag)
                try store.start(next.map(\.record))
                for (record, view) in next {
                    history.append(StudyTrial(record: record))
                    inFlight += 1
                    start(record, view: view, threads: threads, cancellation: cancellation, shared: shared, progress: progress)
                }
            }
            if inFlight == 0 { break }
            // One signal per end, sent after the end is listed: a wait never consumes the signal
            // of an end still to be taken, so it cannot block while one is listed.
            shared.signal.wait()
            var discarded: [Int] = []
            for end in shared.ended.withLock({ list in defer { list.removeAll() }; return list }) {
                inFlight -= 1
                if let done = Self.finished(end.record, outcome: end.outcome) {
                    try store.finish(done)
                    ran += 1
                } else {
                    discarded.append(end.record.number)
                }
            }
            try store.discard(discarded)
            history = try store.trials()
            let best = Self.best(history, direction: header.direction)?.record.value
            shared.progress.withLock { $0.best = best }
        }
        if stoppedBy == nil, cancellation.isCancelled, history.count < trials { stoppedBy = "interrupted" }
        return TuneOutcome(
            header: header, path: store.path, trials: history, ranThisTime: ran, abandoned: abandoned, stoppedBy: stoppedBy)
    }

    /// Runs `record` on a worker thread, pruned against `view`, and lists its end in `shared`.
    private func start(
        _ record: TrialRecord, view: [TrialRecord], threads: Int?, cancellation: CancellationToken, shared: Shared,
        progress: @escaping @Sendable (TuneProgress) -> Void
    ) {
        let job = self.job
        let pruner = self.pruner
        let direction = store.header.direction
        DispatchQueue.global().async {
            let outcome = job.runTrial(
                parameters: record.parameters, seed: record.seed, threadsPerTrial: threads, cancellation: cancellation,
                shouldPrune: { values in
                    pruner?.shouldPrune(foldValues: values, history: view, direction: direction) ?? false
                },
                foldStarted: { fold in
                    progress(shared.progress.withLock { $0.running[record.number] = fold; return $0 })
                })
            progress(shared.progress.withLock { $0.running[record.number] = nil; $0.finished += 1; return $0 })
            shared.ended.withLock { $0.append((record, outcome)) }
            shared.signal.signal()
        }
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
