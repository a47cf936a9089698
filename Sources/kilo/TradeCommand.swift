import ArgumentParser
import CLibEdit
import Foundation
import KiloCore
import KiloShell

/// `kilo trade`: the paper trader's loop over the configured symbols, as one process.
struct TradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trade",
        abstract: "Run the paper trader on the configured symbols with their latest models.",
        discussion: """
            Replays closed bars from the start of each symbol's test split, one iteration per bar,
            journaling every iteration; run it again and it resumes where it stopped.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "Stop after this many iterations (default: until the feed is exhausted).")
    var iterations: Int?

    @Option(name: .customLong("models-dir"), help: "Read models from here instead of paths.models.")
    var modelsDirectory: String?

    @Option(name: .long, help: "The journal (default: trading.state_path).")
    var state: String?

    func validate() throws {
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1") }
    }

    func run() throws {
        Interrupts.install()
        guard let context = options.makeContext(modelsDirectory: modelsDirectory, statePath: state) else {
            throw ExitCode(ExitStatus.badInvocation)
        }
        let symbols = context.engine.config.data.symbols
        let steps = iterations.map { "step \($0)" } ?? "step 1000000"
        let commands = symbols.map { "load \($0)" } + [steps, "portfolio"]
        let status = Shell.runCommands(commands.joined(separator: "; "), context: context)
        if status != ExitStatus.ok { throw ExitCode(status) }
    }
}
