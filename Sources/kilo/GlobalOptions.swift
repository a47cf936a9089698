import ArgumentParser
import CLibEdit
import Foundation
import KiloCore
import KiloShell
import Logging

/// Options every `kilo` mode shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The config file (default: config/config.yaml; defaults when absent).")
    var config: String?

    @Option(name: .long, help: "Output format: table, csv or json (json: one value per command per line).")
    var format: OutputFormatArgument = .table

    @Flag(
        inversion: .prefixedNo,
        help: "Stop at the first failing command (default for -c, -f, replay and piped input).")
    var bail: Bool?

    @Option(name: .long, help: "Seed of every random source (default: each model's configured seed).")
    var seed: UInt64?

    @Flag(name: .long, help: "Say on standard error which BLAS kernel runs and how it was chosen.")
    var verbose = false

    /// Builds the shell context, or prints a one-line error and returns `nil` (exit 2).
    /// The context of a long-running process command (`train`, `tune`, `fetch`): Ctrl-C handlers
    /// installed, the context made (or the bad-invocation exit), and progress drawn on standard
    /// error when it is a terminal.
    /// - Throws: `ExitCode(badInvocation)` when the config cannot be read (already reported).
    func makeProgressContext(modelsDirectory: String? = nil) throws -> ShellContext {
        Interrupts.install()
        guard let context = makeContext(modelsDirectory: modelsDirectory) else {
            throw ExitCode(ExitStatus.badInvocation)
        }
        if kilo_stderr_is_tty() != 0 {
            context.progress = { FileHandle.standardError.write(Data($0.utf8)) }
        }
        return context
    }

    func makeContext(
        cancellation: CancellationToken = Interrupts.token, modelsDirectory: String? = nil, statePath: String? = nil
    ) -> ShellContext? {
        let environment = ProcessInfo.processInfo.environment
        var loaded: LoadedConfig
        do {
            loaded = try loadConfig(environment: environment)
            if let modelsDirectory { loaded.config.paths.models = modelsDirectory }
            if let statePath { loaded.config.trading.statePath = statePath }
        } catch {
            FileHandle.standardError.write(Data("kilo: error: \(error)\n".utf8))
            return nil
        }
        LoggingBootstrap.install(loaded.config.logging)
        reportBLAS(environment: environment)
        var settings = ShellSettings()
        settings.format = format.format
        settings.bail = bail
        settings.seed = seed
        let context = ShellContext(
            engine: Engine(config: loaded), settings: settings, cancellation: cancellation,
            environment: environment)
        for warning in loaded.warnings { context.diagnose(warning, level: .warning) }
        if let path = loaded.path { context.diagnose("config \(path)", level: .info) }
        return context
    }

    /// Says once which BLAS kernel runs: on standard error under `--verbose`, and in the log
    /// when `kilo` chose a kernel or kept the detected one after a failed self-test.
    private func reportBLAS(environment: [String: String]) {
        let report = BLASReport.current(environment: environment)
        if verbose { FileHandle.standardError.write(Data("kilo: BLAS: \(report.summary)\n".utf8)) }
        switch report.origin {
        case .chosen, .kept: Logger(label: "kilo.blas").notice("BLAS: \(report.summary)")
        case .detected, .userSet: break
        }
    }

    private func loadConfig(environment: [String: String]) throws -> LoadedConfig {
        let defaultPath = "config/config.yaml"
        if let config { return try ConfigLoader.load(path: config, environment: environment) }
        guard FileManager.default.fileExists(atPath: defaultPath) else { return .defaults }
        return try ConfigLoader.load(path: defaultPath, environment: environment)
    }
}

/// `--format` values.
enum OutputFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json

    var format: OutputFormat { OutputFormat(rawValue: rawValue) ?? .table }
}
