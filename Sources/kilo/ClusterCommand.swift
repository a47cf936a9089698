import ArgumentParser
import Foundation
import KiloCore
import KiloShell

/// `kilo cluster run jobs.jsonl --address HOST:PORT`: hands planned jobs to a Ray cluster.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "Run planned jobs or a study's trials on a Ray cluster.",
        subcommands: [ClusterRunCommand.self, ClusterTuneCommand.self])
}

/// `kilo cluster run JOBS [--address HOST:PORT]`.
struct ClusterRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a jobs file on a Ray cluster; results go to the models folder.",
        discussion: """
            Replaces itself with training.ray.python running training.ray.driver, which runs each
            job as a Ray task (kilo run-job on a worker) and writes the files back into the models
            folder under the usual names. Jobs whose result files are already there with the right
            hashes are skipped. Exit status: the driver's (0 all jobs ok, 3 some failed).
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The jobs file (kilo plan … --out FILE).")
    var jobs: String

    @Option(name: .long, help: "The Ray head, HOST:PORT (default: training.ray.address).")
    var address: String?

    @Option(name: .customLong("models-dir"), help: "Write results here instead of paths.models.")
    var modelsDirectory: String?

    func run() throws {
        guard let context = options.makeContext(modelsDirectory: modelsDirectory) else {
            throw ExitCode(ExitStatus.badInvocation)
        }
        let config = context.engine.config
        guard FileManager.default.isReadableFile(atPath: jobs) else {
            throw ValidationError("cannot read jobs file '\(Excerpt.path(jobs))'")
        }
        throw RayLauncher.exec(ray: config.training.ray, address: address, jobs: jobs, store: config.paths.models)
    }
}

/// `kilo cluster tune --model M --symbol S …`: runs a study's trials on a Ray cluster, batch by
/// batch; the study stays in this machine's `tune.studies_dir`.
struct ClusterTuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune", abstract: "Run a study's trials on a Ray cluster; the study stays here.",
        discussion: """
            Replaces itself with the Ray driver in tune mode, which loops until the study holds its
            trials: kilo plan tune (the next batch of --parallel trials, suggested here from the
            study), one Ray task per trial (kilo run-job on a worker), then kilo record-trials (the
            outcomes into the study). The same seed and parallel count give the study kilo tune
            gives on one machine; train the final model with train MODEL SYMBOL --from-study NAME.
            Exit status: the driver's (0 the study holds its trials, 3 a trial's job failed).
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "gru or lightgbm.")
    var model: String

    @Option(name: .long, help: "The symbol (or data file) of the study.")
    var symbol: String

    @Option(name: .long, help: "Trials in the study in total (default: tune.trials).")
    var trials: Int?

    @Option(name: .long, help: "Walk-forward folds per trial (default: tune.folds).")
    var folds: Int?

    @Option(name: .long, help: "net-sharpe, rmse or ic (default: tune.objective).")
    var objective: String?

    @Option(name: .long, help: "The study's name (default: MODEL_SYMBOL).")
    var study: String?

    @Option(name: .long, help: "Trials per batch (default: tune.parallel_trials, 0 = this machine's cores).")
    var parallel: Int?

    @Option(name: .long, help: "The Ray head, HOST:PORT (default: training.ray.address).")
    var address: String?

    @Option(name: .customLong("models-dir"), help: "Keep the trials' result files here instead of paths.models.")
    var modelsDirectory: String?

    func validate() throws {
        guard TuneModel(rawValue: model.lowercased()) != nil else { throw ValidationError("--model must be gru or lightgbm") }
        if let trials, trials < 1 { throw ValidationError("--trials must be at least 1") }
        if let folds, folds < 2 { throw ValidationError("--folds needs at least 2") }
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
    }

    func run() throws {
        guard let context = options.makeContext(modelsDirectory: modelsDirectory) else {
            throw ExitCode(ExitStatus.badInvocation)
        }
        var plan = ["--model", model, "--symbol", symbol]
        if let trials { plan += ["--trials", String(trials)] }
        if let folds { plan += ["--folds", String(folds)] }
        if let objective { plan += ["--objective", objective] }
        if let study { plan += ["--study", study] }
        if let parallel { plan += ["--parallel", String(parallel)] }
        var arguments = ["--tune", plan.map(Self.quoted).joined(separator: " ")]
        if let path = options.config { arguments += ["--config", URL(fileURLWithPath: path).standardizedFileURL.path] }
        let config = context.engine.config
        throw RayLauncher.exec(ray: config.training.ray, address: address, driverArguments: arguments, store: config.paths.models)
    }

    /// `word` quoted for the driver's shell-style split (`shlex`).
    static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Starts the Ray driver in place of this process, so Ctrl-C, output and exit status are the driver's.
enum RayLauncher {
    /// Replaces the process with `ray.python ray.driver JOBS …`; returns (as an exit code to throw)
    /// only when that cannot start.
    static func exec(ray: RayConfig, address: String?, jobs: String, store: String) -> ExitCode {
        exec(ray: ray, address: address, driverArguments: [jobs], store: store)
    }

    /// Replaces the process with `ray.python ray.driver ARGUMENTS --store STORE …` (the kilo binary,
    /// cache, retries, address and shared data from `ray`); returns only when that cannot start.
    static func exec(ray: RayConfig, address: String?, driverArguments: [String], store: String) -> ExitCode {
        guard FileManager.default.isExecutableFile(atPath: ray.python) else {
            let message = """
                kilo: error: no Python at '\(Excerpt.path(ray.python))' (training.ray.python); install Ray with
                  python3 -m venv cluster/ray/.venv && cluster/ray/.venv/bin/pip install -r cluster/ray/requirements.txt

                """
            FileHandle.standardError.write(Data(message.utf8))
            return ExitCode(ExitStatus.badInvocation)
        }
        guard FileManager.default.isReadableFile(atPath: ray.driver) else {
            FileHandle.standardError.write(Data("kilo: error: no driver at '\(Excerpt.path(ray.driver))' (training.ray.driver)\n".utf8))
            return ExitCode(ExitStatus.badInvocation)
        }
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var arguments = [ray.python, ray.driver] + driverArguments + ["--store", store, "--kilo", ray.kilo.isEmpty ? own : ray.kilo]
        arguments += ["--cache-dir", ray.cacheDir, "--max-retries", String(ray.maxRetries)]
        let head = address ?? ray.address
        if !head.isEmpty { arguments += ["--address", head] }
        if ray.sharedData { arguments.append("--shared-data") }
        let argv = arguments.map { strdup($0) } + [nil]
        execv(ray.python, argv)
        for pointer in argv { free(pointer) }
        FileHandle.standardError.write(Data("kilo: error: cannot start '\(Excerpt.path(ray.python))': \(String(cString: strerror(errno)))\n".utf8))
        return ExitCode(ExitStatus.internalError)
    }
}
