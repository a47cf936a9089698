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

/// `kilo cluster tune --model M --symbol S …`: runs a study's trials on a Ray cluster, up to
/// `--parallel` at a time on `kilo tune`'s pipelined schedule; the study stays in this machine's
/// `tune.studies_dir`.
struct ClusterTuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune", abstract: "Run a study's trials on a Ray cluster; the study stays here.",
        discussion: """
            Replaces itself with the Ray driver in tune mode, which loops until the study holds its
            trials: kilo plan tune (the trials that can start now, up to --parallel in flight,
            suggested here from the study), one Ray task per trial (kilo run-job on a worker), and
            kilo record-trials as each ends (its outcome into the study, then the next plan). The
            same seed and parallel count give the study kilo tune
            gives on one machine; train the final model with train MODEL SYMBOL --from-study NAME.
            Exit status: the driver's (0 the study holds its trials, 3 a trial's job failed).
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "gru or lightgbm.")
    var model: String

    @Option(name: .long, help: "The symbol (or data file) of the study.")
    var symbol: String

    @OptionGroup var search: StudyOptions

    @Option(name: .long, help: "Trials at once (default: tune.parallel_trials, 0 = this machine's cores).")
    var parallel: Int?

    @Option(name: .long, help: "The Ray head, HOST:PORT (default: training.ray.address).")
    var address: String?

    @Option(name: .customLong("models-dir"), help: "Keep the trials' result files here instead of paths.models.")
    var modelsDirectory: String?

    func validate() throws {
        try search.check()
        guard TuneModel(rawValue: model.lowercased()) != nil else { throw ValidationError("--model must be gru or lightgbm") }
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
    }

    func run() throws {
        guard let context = options.makeContext(modelsDirectory: modelsDirectory) else {
            throw ExitCode(ExitStatus.badInvocation)
        }
        let arguments = search.driverArguments(
            model: model, symbol: symbol, study: search.study, parallel: parallel, config: options.config)
        let config = context.engine.config
        throw RayLauncher.exec(ray: config.training.ray, address: address, driverArguments: arguments, store: config.paths.models)
    }
}
