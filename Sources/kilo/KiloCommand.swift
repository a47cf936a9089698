import ArgumentParser
import CLibEdit
import Foundation
import KiloCore
import KiloShell

/// `kilo`: the interactive shell, or one of its non-interactive modes.
struct KiloCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kilo",
        abstract: "A line-edited analysis shell for per-symbol crypto models and paper trading.",
        discussion: """
            With no arguments, kilo starts the interactive shell (line editing, history in
            ~/.kilo_history or $KILO_HISTORY, Tab completion). -c runs commands, -f runs a script.
            Exit status: 0 ok, 1 internal error, 2 bad invocation or unreadable input file,
            3 a command in a script failed.
            """,
        version: "\(Kilo.version)\nBLAS: \(BLASReport.current(environment: ProcessInfo.processInfo.environment).summary)",
        subcommands: [
            ReplayCommand.self, TrainCommand.self, TuneCommand.self, TradeCommand.self, CheckCommand.self,
            PlanCommand.self, RunJobCommand.self, RecordTrialsCommand.self, ClusterCommand.self, GenerateDataCommand.self, FetchCommand.self,
        ])

    @OptionGroup var options: GlobalOptions

    @Option(name: .customShort("c"), help: "Run these commands (separated by ';') and exit.")
    var commands: String?

    @Option(name: .customShort("f"), help: "Run a script file and exit.")
    var file: String?

    func validate() throws {
        if commands != nil && file != nil { throw ValidationError("use either -c or -f, not both") }
    }

    func run() throws {
        Interrupts.install()
        guard let context = options.makeContext() else { throw ExitCode(ExitStatus.badInvocation) }
        if kilo_stderr_is_tty() != 0 {
            context.progress = { FileHandle.standardError.write(Data($0.utf8)) }
        }
        let status: Int32
        if let commands {
            status = Shell.runCommands(commands, context: context)
        } else if let file {
            status = Shell.runScript(file, echo: context.settings.echo, context: context)
        } else if kilo_stdin_is_tty() != 0 {
            let reader = EditLineReader(
                historyPath: EditLineReader.historyPath(environment: context.environment),
                sources: completionSources(for: context))
            status = Shell.run(context: context, reader: reader, isTerminal: true)
        } else {
            status = Shell.run(context: context, reader: PlainLineReader(), isTerminal: false)
        }
        if status != ExitStatus.ok { throw ExitCode(status) }
    }
}

/// `kilo replay FILE`: runs a session script, echoing each command.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Run a session script, echoing each command with its line number.",
        discussion: "When the script succeeds, its total time follows on standard error.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The script (.kilo) to run.")
    var script: String

    func run() throws {
        Interrupts.install()
        guard let context = options.makeContext() else { throw ExitCode(ExitStatus.badInvocation) }
        let start = ContinuousClock.now
        let status = Shell.runScript(script, echo: true, context: context)
        if status != ExitStatus.ok { throw ExitCode(status) }
        // The total, on standard error so the replayed output stays comparable with the session's.
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        FileHandle.standardError.write(Data("replayed \(script) in \(String(format: "%.1f", seconds)) s\n".utf8))
    }
}
