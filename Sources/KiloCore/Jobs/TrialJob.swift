import Foundation

/// What a `tune-trial` job carries beyond a `JobSpec`'s common fields: which trial of which study
/// it is, what it is scored by, and the pruner's view — the study's trials as they stood when the
/// trial's batch was suggested. Trials are batch-synchronous (every trial of a batch sees the
/// history at the batch's start, locally too), so a worker that holds this view decides every
/// prune exactly as `kilo tune` does on one machine.
///
/// The trial's parameters are the job's `params` (the suggestion, by key of the model's section),
/// its seed the job's `seed` and its fold count the job's `folds`.
public struct TrialJob: Sendable, Equatable, Codable {
    /// The study's name (its file stays on the machine that planned the batch).
    public var study: String
    /// The trial's number in the study.
    public var number: Int
    /// What the trial is scored by (the study's objective).
    public var objective: TuneObjective
    /// LightGBM's `num_threads` for the trial (`TuneRun.threadsPerTrial`), `nil` for the config's.
    public var threads: Int?
    /// The walk-forward folds (matrix rows) the study searches; a worker that computes others refuses the job.
    public var splits: [DataSplit]
    /// The study's trials when the batch was suggested, durations left out: what the pruner compares with.
    public var history: [TrialRecord]

    public init(
        study: String, number: Int, objective: TuneObjective, threads: Int?, splits: [DataSplit], history: [TrialRecord]
    ) {
        self.study = study
        self.number = number
        self.objective = objective
        self.threads = threads
        self.splits = splits
        self.history = history.map { record in
            var record = record
            record.duration = 0
            return record
        }
    }

    /// What one trial produced on its worker, in a job's result (`JobResult.trial`): everything the
    /// study records of it but the parameters and seed it was given.
    public struct Outcome: Sendable, Equatable, Codable {
        /// The trial's number.
        public var number: Int
        /// The objective on each fold that finished.
        public var foldValues: [Double]
        /// Complete, pruned or failed; `nil` when the run was interrupted before the trial ended.
        public var state: TrialState?
        /// Why it failed.
        public var failure: String?
        /// The mean per-fold net-return Sharpe over the finished folds.
        public var netSharpe: Double?
        /// Moments of the pooled net returns of the finished folds.
        public var netMoments: Moments?
        /// Seconds the trial took (its folds; loading and features not included).
        public var seconds: Double

        /// `outcome` of trial `number`.
        public init(number: Int, _ outcome: TuneJob.Outcome) {
            self.number = number
            foldValues = outcome.foldValues
            state = outcome.state
            failure = outcome.failure
            netSharpe = outcome.netSharpe
            netMoments = outcome.netMoments
            seconds = outcome.seconds
        }

        /// The outcome as `TuneRun` reads it.
        public var tuneOutcome: TuneJob.Outcome {
            TuneJob.Outcome(
                foldValues: foldValues, state: state, failure: failure, netSharpe: netSharpe, netMoments: netMoments,
                seconds: seconds)
        }
    }
}
