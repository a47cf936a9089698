import Foundation
import KiloCore

extension CommandTable {
    static let step = CommandSpec(
        name: "step", group: .trading, abstract: "Advance the paper trader by N bars",
        discussion: """
            One iteration reveals the next closed bar of every loaded symbol (replaying from the
            start of the test split), validates it, updates its features bar by bar, predicts with
            that symbol's latest GRU, LightGBM and PPO (each scaled by the preprocessor its own
            training saved), ensembles them with trading.model_weights, compares with the
            volatility-scaled threshold and decides. Orders fill at the NEXT bar's open, moved by
            slippage, minus the fee. Every iteration is one transaction in the journal at
            trading.state_path, so a restart resumes exactly where it stopped. The first step
            takes the journal's lock (refused while another trader holds it), and a symbol
            missing a weighted model is refused unless trading.require_all_models is false.
            """,
        arguments: [
            .positional("trader", .choice(["trader"]), optional: true, placeholder: "trader", help: "The word 'trader' (optional)"),
            .positional("count", .integer(1...1_000_000), default: "1", placeholder: "N", help: "Iterations to run"),
        ],
        examples: ["step", "step trader 10"],
        run: { context, arguments in
            let trader = try context.engine.paperTrader(claim: true)
            context.announceWarnings(of: trader)
            var reports: [IterationReport] = []
            for _ in 0..<(arguments.integer("count") ?? 1) {
                if context.cancellation.isCancelled { break }
                guard let report = try trader.step() else { break }
                reports.append(report)
            }
            return stepOutput(reports, notes: trader.setupNotes.notes.map { "note: \($0)" })
        })

    static func stepOutput(_ reports: [IterationReport], notes: [String]) -> CommandOutput {
        func format(_ value: Double?) -> JSONValue { value.map { .finite($0) } ?? .null }
        var rows: [[JSONValue]] = []
        for report in reports {
            for step in report.symbols {
                var fill: JSONValue = .null
                if let done = step.fill {
                    fill = .string("\(done.side.rawValue) \(OutputRenderer.formatNumber(done.quantity)) @ \(OutputRenderer.formatNumber(done.price))")
                }
                rows.append(
                    [.int(Int64(report.iteration)), .string(step.symbol), step.barTime.map { .string(UTCTime.format($0)) } ?? .null]
                        + ModelKind.allCases.map { format(step.predictions[$0]) }
                        + [format(step.ensemble), format(step.threshold), .string(step.action.rawValue), fill, .string(step.reason)])
            }
        }
        let table = OutputTable(
            columns: ["iter", "symbol", "bar"] + ModelKind.allCases.map(\.rawValue)
                + ["ensemble", "threshold", "action", "fill", "reason"],
            rows: rows)
        var blocks: [CommandOutput.Block] = [.table(table)]
        if let last = reports.last {
            blocks.append(
                .text(
                    "equity \(OutputRenderer.formatNumber(last.equity)), cash \(OutputRenderer.formatNumber(last.cash)), drawdown \(String(format: "%.2f%%", last.drawdown * 100))\(last.isHalted ? " (new entries halted)" : "")"
                ))
        } else {
            blocks.append(.text("the feed has no more bars"))
        }
        if !notes.isEmpty, reports.first?.iteration == 1 {
            blocks.append(.text(notes.joined(separator: "\n")))
        }
        return CommandOutput(blocks: blocks, json: table.jsonRows)
    }

    static let portfolio = CommandSpec(
        name: "portfolio", group: .trading, abstract: "Show cash, positions, equity and P&L",
        run: { context, _ in
            let trader = try context.engine.refreshedTrader()
            let report = trader.portfolioReport()
            context.announceWarnings(of: trader)
            let fields: [(String, String)] = [
                ("cash", OutputRenderer.formatNumber(report.cash)), ("equity", OutputRenderer.formatNumber(report.equity)),
                ("initial balance", OutputRenderer.formatNumber(report.initialBalance)),
                ("realized P&L", OutputRenderer.formatNumber(report.realizedPnL)),
                ("unrealized P&L", OutputRenderer.formatNumber(report.unrealizedPnL)),
                ("fees", OutputRenderer.formatNumber(report.fees)), ("slippage", OutputRenderer.formatNumber(report.slippage)),
                ("drawdown", String(format: "%.2f%%", report.drawdown * 100)), ("halted", report.isHalted ? "yes" : "no"),
            ]
            let positions = OutputTable(
                columns: ["symbol", "quantity", "avg price", "mark", "value", "unrealized", "since"],
                rows: report.positions.map {
                    [
                        .string($0.symbol), .finite($0.quantity), .finite($0.averagePrice), .finite($0.markPrice),
                        .finite($0.marketValue), .finite($0.unrealizedPnL), .string(UTCTime.format($0.entryBarTime)),
                    ]
                })
            return CommandOutput(
                blocks: [.fields(fields), .table(positions)],
                json: .object(fields.map { ($0.0, .string($0.1)) } + [("positions", positions.jsonRows)]))
        })

    static let trades = CommandSpec(
        name: "trades", group: .trading, abstract: "List the trader's fills, newest last",
        arguments: [.positional("count", .integer(1...1_000_000), optional: true, placeholder: "N", help: "Only the last N")],
        run: { context, arguments in
            let trader = try context.engine.refreshedTrader()
            let fills = trader.trades(last: arguments.integer("count"))
            context.announceWarnings(of: trader)
            return .table(fillsTable(fills))
        })

    static func fillsTable(_ fills: [Fill]) -> OutputTable {
        OutputTable(
            columns: ["id", "iter", "bar", "symbol", "side", "quantity", "price", "reference", "fee", "slippage"],
            rows: fills.map {
                [
                    .int(Int64($0.id)), .int(Int64($0.iteration)), .string(UTCTime.format($0.barTime)), .string($0.symbol),
                    .string($0.side.rawValue), .finite($0.quantity), .finite($0.price), .finite($0.referencePrice),
                    .finite($0.fee), .finite($0.slippageCost),
                ]
            })
    }

    static let traderStatus = CommandSpec(
        name: "trader status", group: .trading, abstract: "Show the trader's journal, clock and orders",
        run: { context, _ in
            let trader = try context.engine.refreshedTrader()
            let status = trader.status()
            context.warningsWereShown(of: trader)  // below
            let fields: [(String, String)] = [
                ("journal", status.statePath), ("symbols", status.symbols.joined(separator: " ")),
                ("interval", status.interval.name), ("iterations", String(status.iterations)),
                ("last bar", status.lastBarTime.map(UTCTime.format) ?? "-"),
                ("next bar", status.isExhausted ? "none (the feed is exhausted)" : UTCTime.format(status.nextBarTime)),
                ("pending orders", String(status.pendingOrders.count)), ("open positions", String(status.openPositions)),
                ("fills", String(status.fills)), ("equity", OutputRenderer.formatNumber(status.equity)),
                ("halted", status.isHalted ? "yes" : "no"),
            ]
            let notes = trader.setupNotes.lines.joined(separator: "\n")
            return CommandOutput(
                blocks: [.fields(fields)] + (notes.isEmpty ? [] : [.text(notes)]),
                json: .object(fields.map { ($0.0, .string($0.1)) }))
        })

    static let traderReset = CommandSpec(
        name: "trader reset", group: .trading, abstract: "Erase the trader's journal and start afresh",
        run: { context, _ in
            try context.engine.resetTrader()
            context.lastBacktestEquity = []
            return .message("trader reset: journal \(context.engine.config.trading.statePath) erased; the next step starts at the test split with \(OutputRenderer.formatNumber(context.engine.config.trading.initialBalance))")
        })

    static let backtest = CommandSpec(
        name: "backtest", group: .trading, abstract: "Run the trading loop over a window of history",
        discussion: """
            The same loop as `step`, in memory, over SYMBOL (or all loaded symbols) from --from to
            --to (default: the test split to the end). Reports total return, CAGR, Sharpe and
            Sortino annualised by the real bar interval, maximum drawdown, win rate, profit
            factor, trades, exposure and fees, each beside buy-and-hold on the same bars.
            """,
        arguments: [
            .positional("symbol", .symbolOrAll, default: "all", help: "A loaded symbol, or all"),
            .option("--from", .word, placeholder: "DATE", help: "First bar (UTC, e.g. 2024-12-01)"),
            .option("--to", .word, placeholder: "DATE", help: "Last bar (UTC)"),
        ],
        examples: ["backtest all", "backtest BTCEUR --from 2024-12-01 --to 2024-12-31"],
        run: { context, arguments in
            func time(_ name: String) throws -> Int64? {
                guard let text = arguments.string(name) else { return nil }
                guard let value = UTCTime.parse(text) else {
                    throw UsageError(
                        command: "backtest", message: "\(name): '\(text)' is not a UTC date",
                        usage: "backtest [SYMBOL|all] [--from DATE] [--to DATE]")
                }
                return value
            }
            let symbols = try context.symbols(arguments.string("symbol"))
            let result = try context.engine.backtest(
                symbols: symbols, from: try time("--from"), through: try time("--to"), cancellation: context.cancellation)
            context.announce(result.setupNotes)
            context.lastBacktestEquity = result.equity
            return backtestOutput(result)
        })

    static func backtestOutput(_ result: BacktestResult) -> CommandOutput {
        let report = result.report
        func percent(_ x: Double) -> JSONValue { x.isFinite ? .string(String(format: "%.2f%%", x * 100)) : .null }
        func ratio(_ x: Double?) -> JSONValue { x.map { $0.isFinite ? .string(String(format: "%.2f", $0)) : .null } ?? .null }
        let metrics: [(String, (PerformanceMetrics) -> JSONValue)] = [
            ("total return", { percent($0.totalReturn) }), ("CAGR", { percent($0.cagr) }),
            ("Sharpe", { ratio($0.sharpe) }), ("Sortino", { ratio($0.sortino) }),
            ("max drawdown", { percent($0.maxDrawdown) }), ("win rate", { $0.winRate.map(percent) ?? .null }),
            ("profit factor", { ratio($0.profitFactor) }), ("trades", { .int(Int64($0.trades)) }),
            ("exposure", { percent($0.exposure) }), ("fees", { .finite($0.fees) }),
        ]
        let table = OutputTable(
            title: "backtest \(UTCTime.format(report.startTime)) to \(UTCTime.format(report.endTime)) UTC, \(report.bars) bars of \(report.interval.name)",
            columns: ["metric", "strategy", "buy & hold"],
            rows: metrics.map { [.string($0.0), $0.1(report.strategy), $0.1(report.buyAndHold)] })
        let spark = "equity   " + EquityChart.sparkline(result.equity.map(\.strategy))
            + "\nbuy&hold " + EquityChart.sparkline(result.equity.map(\.buyAndHold))
        return CommandOutput(blocks: [.table(table), .text(spark)], json: table.jsonRows)
    }

    static let plotEquity = CommandSpec(
        name: "plot equity", group: .trading, abstract: "Write the equity curve as SVG and sparkline",
        discussion: "Plots the last backtest (or the paper trader's journal when no backtest ran) beside buy-and-hold.",
        arguments: [.positional("path", .path(extensions: ["svg"]), optional: true, help: "The SVG file to write")],
        examples: ["plot equity /tmp/equity.svg"],
        run: { context, arguments in
            var points = context.lastBacktestEquity
            if points.isEmpty { points = try context.engine.refreshedTrader().equityPoints() }
            var blocks: [CommandOutput.Block] = [.text(EquityChart.sparkline(points.map(\.strategy)))]
            if let path = arguments.string("path") {
                let svg = EquityChart.svg(points, title: "Kilo equity vs buy-and-hold")
                try OutputFile.write(svg, to: path)
                blocks.append(.text("wrote \(points.count) points to \(path)"))
            }
            return CommandOutput(
                blocks: blocks, json: .object([("points", .int(Int64(points.count))), ("path", arguments.string("path").map { .string($0) } ?? .null)]))
        })
}
