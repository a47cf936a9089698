/// Suggests the parameters of the next trial from the finished ones.
///
/// A sampler is a pure function of its arguments: the same space, history, trial number and seed
/// give the same suggestion. Parallel trials are suggested on `TuneRun`'s pipelined schedule: trial
/// k sees its view (the finished trials numbered ≤ k − lag, the next ones as `running`).
public protocol TrialSampler: Sendable {
    /// - Parameters:
    ///   - space: The searched parameters.
    ///   - history: The study's trials so far (any state; samplers use the complete ones, and
    ///     pruned ones where they carry information).
    ///   - direction: Which objective values are better.
    ///   - trialNumber: The new trial's number (mixed into the random stream).
    ///   - seed: The study's seed.
    func suggest(
        space: SearchSpace, history: [TrialRecord], direction: StudyDirection, trialNumber: Int, seed: UInt64
    ) -> TrialParameters
}

/// Decides after each fold whether a running trial should stop.
public protocol TrialPruner: Sendable {
    /// - Parameters:
    ///   - foldValues: The running trial's values on folds 0…k.
    ///   - history: The study's other trials.
    ///   - direction: Which objective values are better.
    /// - Returns: `true` to stop the trial now (it is recorded as pruned).
    func shouldPrune(foldValues: [Double], history: [TrialRecord], direction: StudyDirection) -> Bool
}
