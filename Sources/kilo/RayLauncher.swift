import ArgumentParser
import Foundation
import KiloCore
import KiloShell

/// Starts the Ray driver (`training.ray.python training.ray.driver …`): in place of this process
/// (`kilo cluster run|tune`, `kilo train` under `training.runner: ray`), so Ctrl-C, output and exit
/// status are the driver's, or as a child this process waits for (`kilo tune` under
/// `training.runner: ray`, which then trains the final models here).
enum RayLauncher {
    /// Replaces the process with `ray.python ray.driver JOBS …`; returns (as an exit code to throw)
    /// only when that cannot start.
    static func exec(ray: RayConfig, address: String?, jobs: String, store: String) -> ExitCode {
        exec(ray: ray, address: address, driverArguments: [jobs], store: store)
    }

    /// Replaces the process with `ray.python ray.driver ARGUMENTS --store STORE …` (the kilo binary,
    /// cache, retries, address and shared data from `ray`); returns only when that cannot start.
    static func exec(ray: RayConfig, address: String?, driverArguments: [String], store: String) -> ExitCode {
        guard let arguments = command(ray: ray, address: address, driverArguments: driverArguments, store: store) else {
            return ExitCode(ExitStatus.badInvocation)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        execv(ray.python, argv)
        for pointer in argv { free(pointer) }
        FileHandle.standardError.write(Data("kilo: error: cannot start '\(Excerpt.path(ray.python))': \(String(cString: strerror(errno)))\n".utf8))
        return ExitCode(ExitStatus.internalError)
    }

    /// Runs the driver as a child sharing this process's standard streams and waits for it (a
    /// Ctrl-C at the terminal reaches both; the driver stops its tasks and exits 130).
    /// - Returns: The driver's exit status (`badInvocation` when it cannot start).
    static func run(ray: RayConfig, address: String?, driverArguments: [String], store: String) -> Int32 {
        guard let arguments = command(ray: ray, address: address, driverArguments: driverArguments, store: store) else {
            return ExitStatus.badInvocation
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ray.python)
        process.arguments = Array(arguments.dropFirst())
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write(Data("kilo: error: cannot start '\(Excerpt.path(ray.python))': \(error.localizedDescription)\n".utf8))
            return ExitStatus.internalError
        }
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// The driver's tune mode for one study: `--tune "PLAN_ARGS"` (the `kilo plan tune` options)
    /// and `--config` as an absolute path.
    static func tuneArguments(
        model: String, symbol: String, trials: Int?, folds: Int?, objective: String?, study: String?, parallel: Int?,
        config: String?
    ) -> [String] {
        var plan = ["--model", model, "--symbol", symbol]
        if let trials { plan += ["--trials", String(trials)] }
        if let folds { plan += ["--folds", String(folds)] }
        if let objective { plan += ["--objective", objective] }
        if let study { plan += ["--study", study] }
        if let parallel { plan += ["--parallel", String(parallel)] }
        var arguments = ["--tune", plan.map(Tokenizer.quoted).joined(separator: " ")]
        if let config { arguments += ["--config", URL(fileURLWithPath: config).standardizedFileURL.path] }
        return arguments
    }

    /// `ray.python ray.driver ARGUMENTS --store STORE --kilo … --cache-dir … --max-retries …
    /// [--address …] [--shared-data]`, or `nil` (after saying why) when the Python or the driver is missing.
    private static func command(ray: RayConfig, address: String?, driverArguments: [String], store: String) -> [String]? {
        guard FileManager.default.isExecutableFile(atPath: ray.python) else {
            let message = """
                kilo: error: no Python at '\(Excerpt.path(ray.python))' (training.ray.python); install Ray with
                  python3 -m venv cluster/ray/.venv && cluster/ray/.venv/bin/pip install -r cluster/ray/requirements.txt

                """
            FileHandle.standardError.write(Data(message.utf8))
            return nil
        }
        guard FileManager.default.isReadableFile(atPath: ray.driver) else {
            FileHandle.standardError.write(Data("kilo: error: no driver at '\(Excerpt.path(ray.driver))' (training.ray.driver)\n".utf8))
            return nil
        }
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var arguments = [ray.python, ray.driver] + driverArguments + ["--store", store, "--kilo", ray.kilo.isEmpty ? own : ray.kilo]
        arguments += ["--cache-dir", ray.cacheDir, "--max-retries", String(ray.maxRetries)]
        let head = address ?? ray.address
        if !head.isEmpty { arguments += ["--address", head] }
        if ray.sharedData { arguments.append("--shared-data") }
        return arguments
    }
}
