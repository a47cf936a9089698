import ArgumentParser
import Foundation
import KiloCore
import KiloShell

/// `kilo cluster run jobs.jsonl --address HOST:PORT`: hands planned jobs to a Ray cluster.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "Run planned jobs on a Ray cluster.", subcommands: [ClusterRunCommand.self])
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

/// Starts the Ray driver in place of this process, so Ctrl-C, output and exit status are the driver's.
enum RayLauncher {
    /// Replaces the process with `ray.python ray.driver JOBS …`; returns (as an exit code to throw)
    /// only when that cannot start.
    static func exec(ray: RayConfig, address: String?, jobs: String, store: String) -> ExitCode {
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
        var arguments = [ray.python, ray.driver, jobs, "--store", store, "--kilo", ray.kilo.isEmpty ? own : ray.kilo]
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
