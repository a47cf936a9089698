import Foundation

/// The trials of a study that can start now, as jobs (`kilo plan tune`), and where the study stands.
public struct TuneBatch: Sendable {
    /// The study's header.
    public var header: StudyHeader
    /// The study file (it stays on this machine).
    public var path: String
    /// One `tune-trial` job per trial planned now, by trial number; empty when the study holds its
    /// trials, `parallel` trials are in flight, or the next trial waits for an older one to finish.
    public var jobs: [JobSpec]
    /// Trials in the study before this plan, any state (the in-flight ones included).
    public var before: Int
    /// Trials in flight (`running`) before this plan.
    public var running: Int
    /// The study's trial budget.
    public var total: Int
    /// Trials found `running` (a driver or process that died) and marked failed, as `tune` does.
    public var abandoned: [Int]
}

/// What `Engine.recordTrials` wrote into a study.
public struct TrialRecording: Sendable {
    /// The study's name.
    public var study: String
    /// The trials recorded with their outcome (complete, pruned or failed), by number.
    public var recorded: [Int]
    /// The trials removed because their job gave no outcome, with the reason (the next run
    /// runs them again under their numbers, as after Ctrl-C in `tune`).
    public var discarded: [(number: Int, reason: String)]
    /// Trials in the study now, any state.
    public var trials: Int
}

extension Engine {
    /// The trials of `request`'s study that can start now, as `tune-trial` jobs: loads the data
    /// (`request.symbol`, a symbol or a data file), builds the study's inputs as `tune` does, creates
    /// or resumes the study in `tune.studies_dir` (refusing one made for other data, features, space,
    /// objective, model config or seed), and plans exactly as `TuneRun` does
    /// (`TuneRun.nextTrials`: the same parallel count and lag), writing the planned trials `running`.
    /// Each job carries the trial's parameters, seed, thread count and the pruner's view (the trial's
    /// view, as it was suggested from).
    /// - Parameters:
    ///   - request: The study (`parallelTrials`: trials at once, default `tune.parallel_trials`).
    ///   - inFlight: Whether the study's `running` trials are still running (the caller's own,
    ///     planned earlier; they count against `parallel`). Otherwise they are a dead run's and are
    ///     marked failed first, as `tune` does.
    ///   - now: The creation time written for a new study.
    /// - Returns: The planned trials (no jobs when none can start now).
    /// - Complexity: Loading and the features of one symbol, plus one suggestion per planned trial.
    /// - Throws: `TuneError`, `DataError`, `FeatureError`, `JobError`.
    public func planTuneBatch(_ request: TuneRequest, inFlight: Bool = false, now: Date = Date()) throws -> TuneBatch {
        let data = try dataFile(request.symbol)
        let symbol = try Self.symbol(of: request.symbol, path: data.path)
        try load(data.path, as: symbol)
        let tune = config.tune
        let job = try tuneJob(
            request.model, symbol: symbol, folds: request.folds ?? tune.folds, objective: request.objective ?? tune.objective)
        let header = studyHeader(request, job: job, now: now)
        let store = try StudyStore(path: StudyStore.path(name: header.name, folder: studiesFolder), creating: header)
        let abandoned = inFlight ? [] : try store.failRunning(reason: TuneRun.deadTrialReason)
        let history = try store.trials().map(\.record)
        let total = request.trials ?? tune.trials
        let parallel = request.parallelTrials ?? parallelTrials
        let planned = TuneRun.nextTrials(
            header: header, history: history, sampler: tune.makeSampler(), trials: total, parallel: parallel,
            lag: TuneRun.defaultLag(parallel: parallel))
        let stamp = ModelStore.timestamp(Date(timeIntervalSince1970: Double(store.header.created) / 1000))
        let jobs = try planned.map { record, view in
            var spec = JobSpec(
                format: JobSpec.currentFormat, id: "trial\(record.number)_\(header.name)", kind: .tuneTrial,
                symbol: symbol, model: request.model.kind.rawValue, fold: nil, folds: job.folds.count, seed: record.seed,
                stamp: stamp, data: data, config: config, params: try JobJSON(encoding: record.parameters),
                configHash: "", kiloVersion: Kilo.version,
                trial: TrialJob(
                    study: header.name, number: record.number, objective: job.objective,
                    threads: TuneRun.threadsPerTrial(model: request.model, parallel: parallel), splits: job.folds,
                    history: view))
            spec.configHash = JobSpec.configHash(of: try spec.effectiveConfig())
            return spec
        }
        try store.start(planned.map(\.record))
        return TuneBatch(
            header: store.header, path: store.path, jobs: jobs, before: history.count,
            running: history.count(where: { $0.state == .running }), total: total, abandoned: abandoned)
    }

    /// Writes planned trials' outcomes into their study (`tune.studies_dir/NAME.sqlite`), any
    /// subset of them in any order (the trials ended so far): each job whose result is `ok` with a
    /// trial outcome finishes its `running` trial as `TuneRun` finishes one (`TuneRun.finished`); a
    /// job with no result, or one that failed or was refused, has its trial removed so the next run
    /// runs it again under its number.
    /// - Parameters:
    ///   - jobs: Planned `tune-trial` jobs of one study.
    ///   - results: Each job's result by job id (missing: the job never ended).
    /// - Throws: `JobError.invalid` for a job that is not a trial of one study, a result of
    ///   another trial, or a trial the study does not hold `running` with the job's parameters and
    ///   seed; `TuneError` for the study file.
    /// - Complexity: O(trials in the study + jobs).
    public func recordTrials(_ jobs: [JobSpec], results: [String: JobResult]) throws -> TrialRecording {
        let trials = try jobs.map { job throws(JobError) -> TrialJob in
            guard job.kind == .tuneTrial, let trial = job.trial else {
                throw JobError.invalid(field: "kind", reason: "job \(job.id) is \(job.kind.rawValue), not a tune trial")
            }
            return trial
        }
        guard let name = trials.first?.study else { throw JobError.invalid(field: "jobs", reason: "no trial to record") }
        if let other = trials.first(where: { $0.study != name }) {
            throw JobError.invalid(field: "trial.study", reason: "one batch holds studies \(name) and \(other.study)")
        }
        let store = try StudyStore(readingAt: StudyStore.path(name: name, folder: studiesFolder))
        let stored = Dictionary(try store.trials().map { ($0.record.number, $0.record) }, uniquingKeysWith: { a, _ in a })
        var recording = TrialRecording(study: name, recorded: [], discarded: [], trials: 0)
        for (job, trial) in zip(jobs, trials).sorted(by: { $0.1.number < $1.1.number }) {
            guard let record = stored[trial.number], record.state == .running, record.seed == job.seed,
                record.parameters == (try job.trialParameters())
            else {
                throw JobError.invalid(
                    field: "trial.number",
                    reason: "study \(name) holds no running trial \(trial.number) with this job's parameters and seed")
            }
            guard let result = results[job.id] else {
                recording.discarded.append((trial.number, "no result"))
                continue
            }
            guard let outcome = result.trial, outcome.number == trial.number else {
                if result.status == .ok {
                    throw JobError.invalid(field: "trial", reason: "the result of \(job.id) holds no outcome of trial \(trial.number)")
                }
                recording.discarded.append((trial.number, result.reason ?? result.status.rawValue))
                continue
            }
            guard result.status == .ok, let done = TuneRun.finished(record, outcome: outcome.tuneOutcome) else {
                recording.discarded.append((trial.number, result.reason ?? result.status.rawValue))
                continue
            }
            try store.finish(done)
            recording.recorded.append(trial.number)
        }
        try store.discard(recording.discarded.map(\.number))
        recording.trials = try store.trials().count
        return recording
    }
}
