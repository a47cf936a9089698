import ArgumentParser
import Foundation
import KiloCore
import KiloShell

/// `kilo plan train|walk-forward|tune --model M --symbol S … --out jobs.jsonl`: one JSON line per
/// independent unit (`JobSpec`), for `kilo run-job` or `kilo cluster run`; for `tune`, the trials
/// of a study that can start now.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Write the independent jobs of a training or walk-forward run, or a study's next trials, as JSON lines.",
        discussion: """
            Each line is one job: kind, symbol, model, fold, the model's settings (params), seed,
            the data file with its SHA-256, the config and its hash, the kilo version and the
            time stamp of the file names it writes. Symbols default to data.symbols; data files
            are found as load finds them and hashed, nothing is trained.

            plan tune creates or resumes the study (tune.studies_dir/NAME.sqlite, as tune does),
            suggests the trials that can start now on tune's pipelined schedule (trial k from the
            trials numbered up to k - L, L = 2P - 1 for P = --parallel, default
            tune.parallel_trials; up to P running), writes them running into the study and one
            tune-trial job per trial (no lines when none can start). Without --in-flight, trials
            found running are a dead run's and are marked failed first. kilo record-trials writes
            results back. The same seed and parallel count give the study kilo tune gives.
            """)

    /// What to plan.
    enum What: String, ExpressibleByArgument, CaseIterable {
        case train
        case walkForward = "walk-forward"
        case tune
    }

    @OptionGroup var options: GlobalOptions

    @Argument(help: "train, walk-forward or tune.")
    var what: What

    @Option(name: .long, help: ArgumentHelp("all, \(ModelRegistry.namesWithAliases)."))
    var model: String = "all"

    @Option(name: .long, help: "A symbol or data file (repeat for more; default: data.symbols).")
    var symbol: [String] = []

    /// `--folds` (walk-forward's folds, or a study's folds per trial), and tune's `--trials`,
    /// `--objective` and `--study`.
    @OptionGroup var search: StudyOptions

    @Option(name: .long, help: "tune: trials at once (default: tune.parallel_trials, 0 = this machine's cores).")
    var parallel: Int?

    @Flag(name: .long, help: "tune: the study's running trials are still running (planned earlier by this caller).")
    var inFlight = false

    @Option(name: .long, help: "The time stamp in the file names, YYYYMMDD_HHMMSS (default: now, UTC).")
    var stamp: String?

    @Option(name: .long, help: "The jobs file to write (- for standard output).")
    var out: String

    func validate() throws {
        if what == .walkForward, (search.folds ?? 0) < 2 { throw ValidationError("walk-forward needs --folds K with K at least 2") }
        if what == .train, search.folds != nil { throw ValidationError("--folds is for walk-forward and tune") }
        if what != .tune, search.trials != nil || search.objective != nil || search.study != nil || parallel != nil || inFlight {
            throw ValidationError("--trials, --objective, --study, --parallel and --in-flight are for plan tune")
        }
        if what == .tune { try validateTune() }
        if let stamp, stamp.count != 15 || stamp.filter(\.isNumber).count != 14 || Array(stamp)[8] != "_" {
            throw ValidationError("--stamp must be YYYYMMDD_HHMMSS")
        }
    }

    /// The options of `plan tune`.
    private func validateTune() throws {
        guard TuneModel(rawValue: model.lowercased()) != nil else { throw ValidationError("plan tune needs --model gru or lightgbm") }
        if symbol.count > 1 { throw ValidationError("plan tune plans one study: give one --symbol") }
        try search.check()
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
        if stamp != nil { throw ValidationError("--stamp is for train and walk-forward (a trial writes no model files)") }
    }

    func run() throws {
        guard let context = options.makeContext() else { throw ExitCode(ExitStatus.badInvocation) }
        let engine = context.engine
        if what == .tune { return try planTune(engine) }
        let request: JobPlanRequest = what == .train ? .train : .walkForward(folds: search.folds ?? 0)
        let kinds: [ModelKind]
        do {
            kinds = try Self.kinds(model, walkForward: what == .walkForward)
        } catch {
            throw ValidationError("\(error)")
        }
        let symbols = symbol.isEmpty ? engine.config.data.symbols : symbol
        do {
            let jobs = try engine.planJobs(
                request, models: kinds, symbols: symbols, seed: options.seed,
                stamp: stamp ?? ModelStore.timestamp(Date()))
            try Self.write(jobs.map { try $0.line() }.joined(separator: "\n") + "\n", to: out)
            if out != "-" { FileHandle.standardError.write(Data("planned \(jobs.count) jobs in \(out)\n".utf8)) }
        } catch {
            FileHandle.standardError.write(Data("kilo: error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.commandFailed)
        }
    }

    /// `plan tune`: the trials that can start now, written as `plan train` writes its jobs (an empty
    /// file when none can).
    private func planTune(_ engine: Engine) throws {
        let symbols = symbol.isEmpty ? engine.config.data.symbols : symbol
        guard symbols.count == 1, let source = symbols.first, let tuned = TuneModel(rawValue: model.lowercased()) else {
            throw ValidationError("plan tune plans one study: give one --symbol (data.symbols has \(symbols.count))")
        }
        do {
            let request = TuneRequest(
                model: tuned, symbol: source, trials: search.trials, folds: search.folds,
                objective: search.objective.flatMap(TuneObjective.init(rawValue:)), study: search.study,
                parallelTrials: parallel)
            let batch = try engine.planTuneBatch(request, inFlight: inFlight)
            let text = try batch.jobs.map { try $0.line() + "\n" }.joined()
            try Self.write(text, to: out)
            var note = "study \(batch.header.name) (\(batch.path)): \(batch.before - batch.running) of \(batch.total) trials; "
            if batch.running > 0 { note += "\(batch.running) running; " }
            if !batch.jobs.isEmpty {
                note += "planned \(batch.jobs.count) in \(out)"
            } else {
                note += batch.before >= batch.total && batch.running == 0 ? "planned none, the study is complete" : "planned none yet"
            }
            if !batch.abandoned.isEmpty {
                note += "; trial \(batch.abandoned.map { "#\($0)" }.joined(separator: ", ")) was running when its run ended: marked failed"
            }
            FileHandle.standardError.write(Data((note + "\n").utf8))
        } catch {
            FileHandle.standardError.write(Data("kilo: error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.commandFailed)
        }
    }

    /// Writes `text` to `path`, or to standard output for `-`.
    static func write(_ text: String, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }

    /// `all` (for walk-forward: the kinds that evaluate by regression), or one kind or alias.
    static func kinds(_ name: String, walkForward: Bool) throws -> [ModelKind] {
        let lowered = name.lowercased()
        if lowered == "all" {
            return ModelKind.allCases.filter { !walkForward || $0.family.evaluatesByRegression }
        }
        guard let kind = ModelKind(rawValue: ModelRegistry.aliases[lowered] ?? lowered) else {
            throw JobError.unplannable(reason: "unknown model '\(Excerpt.of(name))'; the models are all, \(ModelRegistry.namesWithAliases)")
        }
        return [kind]
    }
}

/// `kilo run-job JOB.json --out DIR [--data PATH]`: runs exactly one job and writes its files
/// under the usual names plus `DIR/jobs/{id}.json`.
struct RunJobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-job", abstract: "Run one planned job and write its files and result JSON.",
        discussion: """
            Refuses a job whose kilo version, config hash or data SHA-256 differs from what it
            finds, naming the field. Exit status: 0 ok, 2 unreadable job file, 3 the job failed or
            was refused (the reason is on standard error and in the result JSON).
            """)

    @Argument(help: "A file holding one job (a line of a jobs file).")
    var job: String

    @Option(name: .long, help: "The output folder (a models folder).")
    var out: String

    @Option(name: .long, help: "Where the data file is here (default: the path in the job).")
    var data: String?

    func run() throws {
        Interrupts.install()
        let spec: JobSpec
        do {
            guard let bytes = FileManager.default.contents(atPath: job) else {
                throw JobError.io(path: job, reason: "no such file or not readable")
            }
            spec = try JobSpec.parse(bytes)
        } catch {
            FileHandle.standardError.write(Data("kilo: error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.badInvocation)
        }
        var logging = spec.config.logging
        logging.file.enabled = false
        LoggingBootstrap.install(logging)
        let result: JobResult
        do {
            result = try JobRunner.run(spec, folder: out, dataPath: data, cancellation: Interrupts.token)
        } catch {
            FileHandle.standardError.write(Data("kilo: error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.internalError)
        }
        let seconds = String(format: "%.2f", result.seconds)
        switch result.status {
        case .ok:
            print("\(result.id): ok, \(result.files.count) files in \(seconds) s")
        case .failed, .refused:
            let line = "kilo: error: job \(result.id) \(result.status.rawValue): \(result.reason ?? "no reason")\n"
            FileHandle.standardError.write(Data(line.utf8))
            throw ExitCode(ExitStatus.commandFailed)
        }
    }
}
