import Foundation

/// What a `tune-trial` job carries beyond a `JobSpec`'s common fields: which trial of which study
/// it is, what it is scored by, and the pruner's view — the trial's view on the pipelined schedule
/// (`TuneRun.view(of:in:lag:)`: the finished trials numbered ≤ k − lag, the next ones as running),
/// which it was suggested from, locally too. A worker that holds this view decides every prune
/// exactly as `kilo tune` does on one machine.
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
    /// The trial's view, durations left out: what the pruner compares with.
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

    /// What one trial produced on its worker, in a job's result (`JobResult.trial`): the local
    /// runner's own `TuneJob.Outcome` and the trial's number, written as one flat JSON object
    /// (`number` beside the outcome's keys). Reads the outcome's fields through (`outcome.foldValues`).
    @dynamicMemberLookup
    public struct Outcome: Sendable, Equatable, Codable {
        /// The trial's number.
        public var number: Int
        /// The outcome as `TuneRun` reads it.
        public var tuneOutcome: TuneJob.Outcome

        /// `outcome` of trial `number`.
        public init(number: Int, _ outcome: TuneJob.Outcome) {
            self.number = number
            tuneOutcome = outcome
        }

        /// The outcome's fields (`foldValues`, `state`, `failure`, `netSharpe`, `netMoments`, `seconds`).
        public subscript<T>(dynamicMember path: KeyPath<TuneJob.Outcome, T>) -> T {
            tuneOutcome[keyPath: path]
        }

        private enum CodingKeys: String, CodingKey { case number }

        public init(from decoder: any Decoder) throws {
            number = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .number)
            tuneOutcome = try TuneJob.Outcome(from: decoder)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(number, forKey: .number)
            try tuneOutcome.encode(to: encoder)
        }
    }
}
