import Foundation
import KiloCore

extension CommandTable {
    static let traderLiveStart = CommandSpec(
        name: "trader live start", group: .trading, abstract: "Start live paper trading in the background",
        discussion: """
            Runs the trading loop on the exchange's closed candles (trading.live.base_url, public
            klines) for data.symbols with their latest models, on its own thread: the prompt stays
            usable. Waits for each bar's close plus trading.live.grace_seconds, back-fills gaps
            into trading.live.market_store, journals to trading.live.state_path (resumed on the
            next start), logs to logging.file and sends Telegram messages when enabled. Loaded
            symbols lend their training split's volatility as the threshold's reference.
            """,
        arguments: [
            .option("--iterations", .integer(1...1_000_000), placeholder: "N", help: "Stop after N bars (default: until stopped)")
        ],
        examples: ["trader live start", "trader live start --iterations 48"],
        run: { context, arguments in
            if let running = context.liveTrading, running.status.isRunning {
                throw CommandFailure(message: "the live trader is already running; 'trader live stop' first")
            }
            let notifier = try Notifications.makeNotifier(
                config: context.engine.config.notifications, environment: context.environment)
            let (run, notes) = try LiveTrading.prepare(engine: context.engine, notifier: notifier)
            context.liveTrading = run
            run.start(maxIterations: arguments.integer("--iterations"))
            let config = context.engine.config.trading.live
            var text = "live trader started for \(run.symbols.joined(separator: ", ")) from \(config.baseURL); journal \(config.statePath); 'trader live status' to watch, 'trader live stop' to stop"
            let lines = run.warnings.map { "warning: \($0)" } + notes.map { "note: \($0)" }
            if !lines.isEmpty { text += "\n" + lines.joined(separator: "\n") }
            return .message(text)
        })

    static let traderLiveStop = CommandSpec(
        name: "trader live stop", group: .trading, abstract: "Stop the background live trader",
        discussion: "Stops after the iteration in progress (at once while it waits for a bar) and waits for it.",
        run: { context, _ in
            guard let run = context.liveTrading else { return .message("no live trader was started") }
            let stopped = run.stop(timeout: 60)
            let status = run.status
            return .message(
                stopped
                    ? "live trader stopped; \(status.iterations) iterations in the journal ('trader live status' tells why it ended)"
                    : "the live trader did not stop within 60 s; it will stop after its current request")
        })

    static let traderLiveStatus = CommandSpec(
        name: "trader live status", group: .trading, abstract: "Show the background live trader's progress",
        run: { context, _ in
            guard let run = context.liveTrading else { return .message("no live trader was started ('trader live start')") }
            let status = run.status
            var fields: [(String, String)] = [
                ("state", status.isRunning ? "running" : "stopped (\(status.stopReason ?? "-"))"),
                ("symbols", run.symbols.joined(separator: " ")), ("iterations", String(status.iterations)),
                ("last bar", status.lastBarTime.map(UTCTime.format) ?? "-"),
                ("next bar due", status.nextDueTime.map(UTCTime.format) ?? "-"),
                ("equity", status.equity.map(OutputRenderer.formatNumber) ?? "-"), ("fills", String(status.fills)),
                (
                    "notifications",
                    "\(status.notifications.sent) sent, \(status.notifications.failed) failed, \(status.notifications.dropped) dropped"
                ),
            ]
            for (symbol, problem) in status.problems.sorted(by: { $0.key < $1.key }) {
                fields.append(("problem \(symbol)", problem))
            }
            return CommandOutput(blocks: [.fields(fields)], json: .object(fields.map { ($0.0, .string($0.1)) }))
        })

    static let notifyTest = CommandSpec(
        name: "notify test", group: .trading, abstract: "Send one Telegram message now",
        discussion: """
            Sends TEXT (default a test line) through notifications.telegram.base_url with the token
            and chat id from KILO_TELEGRAM_TOKEN and KILO_TELEGRAM_CHAT_ID, once, within
            notifications.telegram.timeout_seconds, and reports Telegram's answer.
            """,
        arguments: [.positional("text", .word, optional: true, repeating: true, help: "The message (default: a test line)")],
        examples: ["notify test", "notify test hello from kilo"],
        run: { context, arguments in
            let words = arguments.strings("text")
            let text = words.isEmpty ? "Kilo test message: notifications reach this chat" : words.joined(separator: " ")
            switch Notifications.sendTestMessage(
                text, config: context.engine.config.notifications, environment: context.environment)
            {
            case .success: return .message("sent: \(text)")
            case .failure(let error): throw CommandFailure(message: "notify test: \(error)")
            }
        })
}
