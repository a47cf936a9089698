import Foundation

/// Runs exactly one job, through the same `TrainingJob` the local runner uses (`Engine.trainingJob`
/// for a train job, `Engine.walkForwardJobs` for a fold, `TuneJob.runTrial` for a tune trial), so
/// its files (a trial's fold values) are byte-identical to a local run of the same symbol, model,
/// seed and stamp.
///
/// It first checks the job against this machine — the kilo version, the config hash, the data
/// file's SHA-256 — and refuses a job that differs, naming the field. A job that runs and fails
/// (a data file that does not load, too few rows) ends `failed` with the error's reason.
public enum JobRunner {
    /// Runs `job`, writing its files under `folder` (the usual names) and its result as
    /// `JobResult.path(id:in:)`.
    /// - Parameters:
    ///   - job: The job.
    ///   - folder: The output folder (a models folder: `paths.models` is set to it).
    ///   - dataPath: Where the data file is here (default: the path it was planned with).
    ///   - cancellation: Ctrl-C.
    /// - Returns: The result, also written to the folder.
    /// - Throws: `JobError.io` only when the result itself cannot be written.
    @discardableResult
    public static func run(_ job: JobSpec, folder: String, dataPath: String? = nil, cancellation: CancellationToken = .never)
        throws(JobError) -> JobResult
    {
        let started = Date()
        var result = JobResult(
            id: job.id, kind: job.kind, symbol: job.symbol, model: job.model, fold: job.fold, status: .ok,
            reason: nil, files: [], report: nil, split: nil, seconds: 0, host: hostName(), kiloVersion: Kilo.version)
        do {
            let (config, kind) = try check(job, folder: folder, dataPath: dataPath ?? job.data.path)
            do {
                if job.kind == .tuneTrial {
                    try executeTrial(
                        job, dataPath: dataPath ?? job.data.path, folder: folder, cancellation: cancellation,
                        into: &result)
                } else {
                    try execute(
                        job, kind: kind, config: config, dataPath: dataPath ?? job.data.path, folder: folder,
                        cancellation: cancellation, into: &result)
                }
            } catch {
                result.status = .failed
                result.reason = "\(error)"
            }
        } catch {
            result.status = .refused
            result.reason = error.description
        }
        result.seconds = Date().timeIntervalSince(started)
        let path = JobResult.path(id: job.id, in: folder)
        do {
            try FileManager.default.createDirectory(
                atPath: PathText.folder(of: path), withIntermediateDirectories: true)
            try result.encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
        return result
    }

    /// The checks before anything runs, in order: format fields, kilo version, config hash,
    /// model kind, data file hash.
    /// - Returns: The effective config with `paths.models` set to `folder`, and the model kind.
    /// - Throws: `JobError.mismatch` naming the field, `.invalid`.
    static func check(_ job: JobSpec, folder: String, dataPath: String) throws(JobError) -> (EngineConfig, ModelKind) {
        guard job.kiloVersion == Kilo.version else {
            throw .mismatch(field: "kiloVersion", job: job.kiloVersion, found: Kilo.version)
        }
        var config = try job.effectiveConfig()
        let hash = JobSpec.configHash(of: config)
        guard hash == job.configHash else { throw .mismatch(field: "configHash", job: job.configHash, found: hash) }
        guard let kind = ModelKind(rawValue: job.model) else {
            throw .invalid(field: "model", reason: "'\(job.model)' is not one of \(ModelKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let sha = Engine.hashFile(at: dataPath) else {
            throw .mismatch(field: "data.sha256", job: job.data.sha256, found: "no readable file at \(dataPath)")
        }
        guard sha == job.data.sha256 else { throw .mismatch(field: "data.sha256", job: job.data.sha256, found: sha) }
        config.paths.models = folder
        return (config, kind)
    }

    /// Loads the data and runs the unit; fills `result` with the report and files.
    /// - Throws: The run's errors (`DataError`, `FeatureError`, `ModelError`, …), `JobError.invalid`.
    private static func execute(
        _ job: JobSpec, kind: ModelKind, config: EngineConfig, dataPath: String, folder: String,
        cancellation: CancellationToken, into result: inout JobResult
    ) throws {
        let engine = Engine(config: LoadedConfig(config: config, path: nil, sha256: job.configHash, warnings: []))
        try engine.load(dataPath, as: job.symbol, cancellation: cancellation)
        switch job.kind {
        case .train:
            var run = try engine.trainingJob(kind, symbol: job.symbol, seed: job.seed)
            run.stamp = job.stamp
            result.report = try runLocally(run, cancellation: cancellation)
            let written = RunFiles(folder: "", symbol: run.symbol, stamp: job.stamp)
            for name in [written.model(kind), written.preprocessor, written.metadata, written.manifest(kind)] {
                let path = PathText.join(folder, name)
                guard let sha = Engine.hashFile(at: path) else { throw JobError.io(path: path, reason: "not written") }
                let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
                result.files.append(JobResult.File(path: name, sha256: sha, bytes: bytes ?? 0))
            }
        case .walkForwardFold:
            guard let fold = job.fold, let folds = job.folds, (0..<folds).contains(fold) else {
                throw JobError.invalid(field: "fold", reason: "a walk-forward fold needs fold in 0..<folds")
            }
            let plan = try engine.walkForwardJobs(kind, symbol: job.symbol, folds: folds, seed: job.seed)
            result.report = try runLocally(plan.jobs[fold], cancellation: cancellation)
            result.split = plan.splits[fold]
        case .tuneTrial:
            throw JobError.invalid(field: "kind", reason: "a tune trial runs through executeTrial")
        }
    }

    /// `run` through the local runner's scheduler (`TrainingJob.runAll`, which also sets the
    /// OpenBLAS thread count the run asks for), on one worker.
    /// - Throws: The run's error; `ModelError.cancelled` when it never started.
    private static func runLocally(_ run: TrainingJob, cancellation: CancellationToken) throws -> TrainingReport {
        let outcomes = TrainingJob.runAll([run], workers: 1, cancellation: cancellation, progress: { _ in })
        guard let outcome = outcomes.first ?? nil else { throw ModelError.cancelled }
        return try outcome.get()
    }

    /// This machine's host name.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
