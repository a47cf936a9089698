import Foundation
import KiloCore
import KiloShell
import KiloTestSupport

/// Runs shell scripts in-process with captured output, for transcript and session tests.
final class ShellHarness {
    /// Everything written, standard output and standard error interleaved in order.
    public private(set) var transcript = ""
    /// Only what went to standard output.
    public private(set) var standardOutput = ""
    /// The shell context (engine, settings, recorded commands).
    public let context: ShellContext

    /// A harness over the repository's config, run from the repository root, with
    /// sessions written to `sessionsDirectory`.
    public init(
        sessionsDirectory: String? = nil, config: String = "config/config.yaml", clock: String = "2025-08-23T11:00Z"
    ) throws {
        _ = FileManager.default.changeCurrentDirectoryPath(RepoPaths.root.path)
        var loaded = try ConfigLoader.load(path: RepoPaths.path(config))
        if let sessionsDirectory {
            loaded.config.paths.sessions = sessionsDirectory
            loaded.config.paths.models = sessionsDirectory + "/models"
            loaded.config.paths.reports = sessionsDirectory + "/reports"
            loaded.config.trading.statePath = sessionsDirectory + "/state/trader.sqlite"
            loaded.config.tune.studiesDir = sessionsDirectory + "/studies"
        }
        var settings = ShellSettings()
        settings.clock = UTCTime.parse(clock)
        let box = Box()
        context = ShellContext(
            engine: Engine(config: loaded), settings: settings, environment: [:],
            write: { box.harness?.append($0, isError: false) },
            writeError: { box.harness?.append($0, isError: true) })
        box.harness = self
    }

    private final class Box { weak var harness: ShellHarness? }

    private func append(_ text: String, isError: Bool) {
        transcript += text
        if !isError { standardOutput += text }
    }

    /// Runs a script file as `kilo -f` would (top level, echo on), returning the exit status.
    @discardableResult
    public func runScript(_ path: String, echo: Bool = true) -> Int32 {
        Shell.runScript(path, echo: echo, context: context)
    }

    /// Runs `-c` style text.
    @discardableResult
    public func run(_ commands: String) -> Int32 { Shell.runCommands(commands, context: context) }

    /// Clears captured output.
    public func clear() {
        transcript = ""
        standardOutput = ""
    }
}
