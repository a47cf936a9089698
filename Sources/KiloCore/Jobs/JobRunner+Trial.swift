import Foundation

extension JobRunner {
    /// Runs one `tune-trial` job as a local `tune` runs a trial: the study's inputs built
    /// from the job's own config (`Engine.tuneJob`: the folds and their train-only preprocessors),
    /// then `TuneJob.runTrial` with the job's parameters, seed and thread count, the pruner of
    /// `tune.pruner` judging each fold against the trial's view the job carries. Fills `result.trial`.
    /// - Throws: `JobError.invalid` (no trial, a job that is not a tunable model's),
    ///   `JobError.mismatch` naming `trial.splits` when the folds here differ from the study's,
    ///   and loading's and features' errors.
    /// - Complexity: One trial: up to `folds` model fits, after loading the data and its features.
    static func executeTrial(
        _ job: JobSpec, dataPath: String, folder: String, cancellation: CancellationToken,
        into result: inout JobResult
    ) throws {
        guard let trial = job.trial else { throw JobError.invalid(field: "trial", reason: "a tune-trial job needs one") }
        guard let model = TuneModel(rawValue: job.model) else {
            throw JobError.invalid(field: "model", reason: "'\(job.model)' is not a tunable model (gru, lightgbm)")
        }
        guard let folds = job.folds else { throw JobError.invalid(field: "folds", reason: "a tune trial needs its fold count") }
        let parameters = try job.trialParameters()
        var config = job.config
        config.paths.models = folder
        let engine = Engine(config: LoadedConfig(config: config, path: nil, sha256: job.configHash, warnings: []))
        try engine.load(dataPath, as: job.symbol, cancellation: cancellation)
        let study = try engine.tuneJob(model, symbol: job.symbol, folds: folds, objective: trial.objective)
        guard study.folds == trial.splits else {
            throw JobError.mismatch(
                field: "trial.splits", job: StudyJSON.encode(trial.splits), found: StudyJSON.encode(study.folds))
        }
        if let blas = study.base.blasThreads { BLAS.setThreadCount(blas) }
        let pruner = config.tune.makePruner()
        let direction = trial.objective.direction
        let outcome = study.runTrial(
            parameters: parameters, seed: job.seed, threadsPerTrial: trial.threads, cancellation: cancellation,
            shouldPrune: { values in
                pruner?.shouldPrune(foldValues: values, history: trial.history, direction: direction) ?? false
            })
        result.trial = TrialJob.Outcome(number: trial.number, outcome)
        if outcome.state == nil {
            result.status = .failed
            result.reason = "interrupted before the trial ended"
        }
    }
}
