import Foundation

/// The pieces of the study loop that a study run elsewhere shares with `TuneRun` besides its
/// schedule (`TuneRun+Schedule.swift`): how many LightGBM threads a trial gets and what a finished
/// trial writes into the study. `TuneRun.run` and the cluster path (`Engine.planTuneBatch`,
/// `JobRunner` on a `tune-trial` job, `Engine.recordTrials`) call the same functions, so a study
/// run through `kilo cluster tune` equals the local one.
extension TuneRun {
    /// LightGBM's `num_threads` for each trial when `parallel` trials run at once: 1 when they
    /// share the machine, else `nil` (the config's own).
    /// - Complexity: O(1).
    public static func threadsPerTrial(model: TuneModel, parallel: Int) -> Int? {
        parallel > 1 && model == .lightgbm ? 1 : nil
    }

    /// What the study keeps of `record` after `outcome`: the fold values, the state, the value
    /// (the mean over the folds, when complete), the failure, the duration and the net-return
    /// statistics; `nil` when the trial was interrupted before it ended (it is discarded).
    /// - Complexity: O(folds).
    public static func finished(_ record: TrialRecord, outcome: TuneJob.Outcome) -> StudyTrial? {
        guard let state = outcome.state else { return nil }
        var done = record
        done.foldValues = outcome.foldValues
        done.state = state
        done.value = state == .complete ? TuneJob.mean(outcome.foldValues) : nil
        done.failure = outcome.failure
        done.duration = outcome.seconds
        return StudyTrial(record: done, netSharpe: outcome.netSharpe, netMoments: outcome.netMoments)
    }
}

extension TuneConfig {
    /// The sampler `tune.sampler` names.
    public func makeSampler() -> any TrialSampler {
        switch sampler {
        case .tpe: TPESampler(startupTrials: startupTrials, candidates: tpeCandidates, rule: tpeKernels.rule)
        case .random: RandomSampler()
        }
    }

    /// The pruner `tune.pruner` names, `nil` for `none`.
    public func makePruner() -> (any TrialPruner)? {
        pruner == .median ? MedianPruner(startupTrials: prunerStartupTrials, warmupFolds: prunerWarmupFolds) : nil
    }
}
