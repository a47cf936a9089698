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
            journaling every iteration in one SQLite transaction; run it again (even after kill -9)
            and it resumes where it stopped. Prints one line per fill or skipped symbol, then the
            portfolio. Ctrl-C or SIGTERM stops after the iteration in progress.

            It refuses to start when a symbol's ensemble misses a model of non-zero weight
            (trading.require_all_models; when false, each model left out and the renormalised
            weights are printed), when another trader holds the journal (its PID is named), when
            the journal file is not a Kilo journal, or when a recorded trading parameter changed.

            With --live the same loop runs on the exchange's closed 30-minute candles (public
            klines, back-filled into trading.live.market_store), waking at each bar's close plus
            trading.live.grace_seconds, with Telegram messages when notifications.telegram.enabled.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "Stop after this many iterations (default: until the feed is exhausted).")
    var iterations: Int?

    @Option(name: .customLong("models-dir"), help: "Read models from here instead of paths.models.")
    var modelsDirectory: String?

    @Option(name: .long, help: "The journal (default: trading.state_path).")
    var state: String?

    @Option(name: .long, help: "Milliseconds to wait between replayed iterations (to watch a replay).")
    var pace: Int = 0

    @Flag(name: .long, help: "Trade live bars from trading.live.base_url (journal trading.live.state_path) until Ctrl-C / SIGTERM.")
    var live = false

    func validate() throws {
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1") }
        if pace < 0 { throw ValidationError("--pace must be 0 or more") }
    }

    func run() throws {
        Interrupts.install()
        Interrupts.installTermination()
        guard let context = options.makeContext(modelsDirectory: modelsDirectory, statePath: state) else {
            throw ExitCode(ExitStatus.badInvocation)
        }
        if live { return try runLive(context) }
        let symbols = context.engine.config.data.symbols
        var status = Shell.runCommands(symbols.map { "load \($0)" }.joined(separator: "; "), context: context)
        guard status == ExitStatus.ok else { throw ExitCode(status) }
        do {
            let trader = try context.engine.paperTrader(claim: true)
            for warning in trader.setupNotes.warnings { context.writeError("warning: \(warning)\n") }
            context.warningsWereShown(of: trader)
            // Weighted models left out are warnings (above); notes are models of zero weight.
            for note in trader.setupNotes.notes { context.diagnose("note: \(note)", level: .info) }
            let start = trader.status()
            context.write(
                "trading \(symbols.joined(separator: ", ")) from iteration \(start.iterations + 1), journal \(start.statePath)\n")
            let ran = try trader.run(maxIterations: iterations, cancellation: context.cancellation) { report in
                for line in Self.lines(report) { context.write(line + "\n") }
                if pace > 0 { usleep(useconds_t(pace) * 1_000) }
            }
            let end = trader.status()
            let why = context.cancellation.isCancelled ? "stopped by signal" : end.isExhausted ? "feed exhausted" : "iterations done"
            context.write("ran \(ran) iterations (\(why)); \(end.iterations) in the journal\n")
        } catch {
            context.writeError("error: \(error)\n")
            throw ExitCode(ExitStatus.commandFailed)
        }
        status = Shell.runCommands("portfolio", context: context)
        if status != ExitStatus.ok { throw ExitCode(status) }
    }

    /// `--live`: the live loop in this process until Ctrl-C / SIGTERM or `--iterations`.
    private func runLive(_ context: ShellContext) throws {
        let engine = context.engine
        // The training data gives each symbol's reference volatility; a symbol without local data
        // still trades (threshold multiplier 1).
        for symbol in engine.config.data.symbols { _ = try? engine.load(symbol) }
        let notifier: any Notifier
        do {
            notifier = try Notifications.makeNotifier(config: engine.config.notifications, environment: context.environment)
        } catch {
            context.writeError("kilo: error: \(error)\n")
            throw ExitCode(ExitStatus.badInvocation)
        }
        do {
            let (run, notes) = try LiveTrading.prepare(engine: engine, notifier: notifier, cancellation: context.cancellation)
            for warning in run.warnings { context.writeError("warning: \(warning)\n") }
            for note in notes { context.diagnose("note: \(note)", level: .info) }
            context.write("live trading \(run.symbols.joined(separator: ", ")) from \(engine.config.trading.live.baseURL), journal \(engine.config.trading.live.statePath)\n")
            let reason = try run.run(maxIterations: iterations) { report in
                // Live bars come every interval: a heartbeat line each, then fills and skips.
                let predicted = report.symbols.filter { !$0.predictions.isEmpty }.count
                context.write(
                    "\(report.iteration) \(UTCTime.format(report.barTime)) equity \(OutputRenderer.formatNumber(report.equity)); \(predicted) of \(report.symbols.count) symbols predicted\n")
                for line in Self.lines(report) { context.write(line + "\n") }
            }
            let status = run.status
            context.write(
                "\(reason); \(status.iterations) iterations in the journal, \(status.fills) fills, equity \(status.equity.map { OutputRenderer.formatNumber($0) } ?? "-")\n")
        } catch {
            context.writeError("error: \(error)\n")
            throw ExitCode(ExitStatus.commandFailed)
        }
    }

    /// The iteration's fills and skipped symbols, one line each.
    static func lines(_ report: IterationReport) -> [String] {
        report.symbols.compactMap { step -> String? in
            let head = "\(report.iteration) \(UTCTime.format(report.barTime)) \(step.symbol)"
            if let fill = step.fill {
                return "\(head) \(fill.side.rawValue) \(OutputRenderer.formatNumber(fill.quantity)) @ \(OutputRenderer.formatNumber(fill.price)) fee \(OutputRenderer.formatNumber(fill.fee))"
            }
            return step.action == .skipped ? "\(head) skipped: \(step.reason)" : nil
        }
    }
}
