import Foundation
import KiloCore

extension CommandTable {
    static let fetchUsage = "fetch SYMBOL|all [--from DATE] [--to DATE] [--interval INTERVAL]"

    static let fetch = CommandSpec(
        name: "fetch", group: .data, abstract: "Download history from the exchange into the market store",
        discussion: """
            Pages the klines endpoint of trading.live.base_url (1000 bars a request, closed
            candles only) into trading.live.market_store (one SQLite file per symbol, the file
            `load` reads), from --from (default: the symbol's first bar) up to, not including,
            --to (default: now). A symbol whose store has bars resumes after its last one, so a
            second run fetches only what is new; every page is committed on arrival, so Ctrl-C,
            a dead connection or a killed process loses nothing already written. Retries and
            429/418 Retry-After follow trading.live's retry settings; the used request weight
            (X-MBX-USED-WEIGHT-1M) pauses requests at 80% of trading.live.fetch_weight_limit; at
            most trading.live.fetch_concurrency symbols download at once, each with a progress
            bar. Stretches the exchange has no bars for (maintenance) are listed, never filled;
            `validate` shows them after `load`. `all` means data.symbols.
            """,
        arguments: [
            .positional("symbol", .symbolOrAll, help: "A symbol on the exchange, or all (data.symbols)"),
            .option("--from", .word, placeholder: "DATE", help: "First bar (UTC, e.g. 2022-01-01)"),
            .option("--to", .word, placeholder: "DATE", help: "End, not included (UTC; default now)"),
            .option("--interval", .word, placeholder: "INTERVAL", help: "Bar interval (default data.interval, e.g. 30m)"),
        ],
        examples: ["fetch BTCEUR --from 2022-01-01", "fetch all", "fetch ETHEUR --from 2023-01-01 --to 2024-01-01"],
        run: { context, arguments in
            func time(_ name: String) throws -> Int64? {
                guard let text = arguments.string(name) else { return nil }
                guard let value = UTCTime.parse(text) else {
                    throw UsageError(command: "fetch", message: "\(name): '\(Excerpt.of(text))' is not a UTC date", usage: fetchUsage)
                }
                return value
            }
            var interval: BarInterval? = nil
            if let name = arguments.string("--interval") {
                guard let parsed = BarInterval(name: name) else {
                    throw UsageError(
                        command: "fetch", message: "--interval: '\(Excerpt.of(name))' is not an interval like 30m, 1h or 1d",
                        usage: fetchUsage)
                }
                interval = parsed
            }
            let symbol = arguments.string("symbol") ?? "all"
            let board = ProgressBoard(write: context.progress)
            let reports = try context.engine.fetch(
                symbols: symbol == "all" ? nil : [symbol], interval: interval, from: try time("--from"),
                to: try time("--to"), cancellation: context.cancellation, progress: board.update)
            board.finish()
            let output = fetchOutput(reports)
            let failures = reports.compactMap { report -> String? in
                if case .failed(let error) = report.outcome { return error.description }
                return nil
            }
            if let first = failures.first, failures.count == reports.count, reports.allSatisfy({ $0.barsInserted == 0 }) {
                throw CommandFailure(message: failures.count == 1 ? first : "\(failures.count) symbols failed; first: \(first)")
            }
            for failure in failures { context.writeError("error: \(failure)\n") }
            return output
        })

    static func fetchOutput(_ reports: [FetchReport]) -> CommandOutput {
        func time(_ t: Int64?) -> JSONValue { t.map { .string(UTCTime.format($0)) } ?? .null }
        let table = OutputTable(
            columns: ["symbol", "status", "new bars", "pages", "first", "last", "gaps", "missing", "stored", "file"],
            rows: reports.map { r in
                [
                    .string(r.symbol), .string(status(r.outcome)), .int(Int64(r.barsInserted)), .int(Int64(r.pages)),
                    time(r.firstFetched), time(r.lastFetched), .int(Int64(r.gaps.count)), .int(Int64(r.missingBars)),
                    .int(Int64(r.storedBars)), .string(r.path),
                ]
            })
        var blocks: [CommandOutput.Block] = [.table(table)]
        for r in reports {
            var lines = r.notes.map { "  note: \($0)" }
            lines += r.gaps.prefix(10).map {
                "  exchange gap: \($0.missingBars) bars missing after \(UTCTime.format($0.lastBefore)) "
                    + "(next bar \(UTCTime.format($0.firstAfter)))"
            }
            if r.gaps.count > 10 { lines.append("  … \(r.gaps.count - 10) more gaps") }
            if r.rateLimitWaits + r.weightPauses > 0 {
                lines.append("  waited for the exchange: \(r.rateLimitWaits) rate limits, \(r.weightPauses) weight pauses")
            }
            if case .failed(let error) = r.outcome { lines.append("  failed: \(error) (the bars before it are kept; run fetch again to resume)") }
            if r.outcome == .interrupted { lines.append("  interrupted: \(r.barsInserted) bars kept; run fetch again to resume") }
            if !lines.isEmpty { blocks.append(.text("\(r.symbol):\n" + lines.joined(separator: "\n"))) }
        }
        if let path = reports.first?.path {
            let folder = PathText.folder(of: path)
            blocks.append(.text("load them with `load \(folder)/SYMBOL_\(reports[0].interval.name).sqlite`"))
        }
        let json: JSONValue = .array(
            reports.map { r in
                .object([
                    ("symbol", .string(r.symbol)), ("status", .string(status(r.outcome))),
                    ("new_bars", .int(Int64(r.barsInserted))), ("pages", .int(Int64(r.pages))),
                    ("first", r.firstFetched.map { .string(UTCTime.iso($0)) } ?? .null),
                    ("last", r.lastFetched.map { .string(UTCTime.iso($0)) } ?? .null),
                    ("gaps", .array(r.gaps.map { g in
                        .object([
                            ("after", .string(UTCTime.iso(g.lastBefore))), ("next", .string(UTCTime.iso(g.firstAfter))),
                            ("missing_bars", .int(Int64(g.missingBars))),
                        ])
                    })),
                    ("stored_bars", .int(Int64(r.storedBars))), ("path", .string(r.path)),
                    ("rate_limit_waits", .int(Int64(r.rateLimitWaits))), ("weight_pauses", .int(Int64(r.weightPauses))),
                    ("error", { if case .failed(let e) = r.outcome { return .string(e.description) } else { return .null } }()),
                ])
            })
        return CommandOutput(blocks: blocks, json: json)
    }

    private static func status(_ outcome: FetchReport.Outcome) -> String {
        switch outcome {
        case .complete: "complete"
        case .upToDate: "up to date"
        case .interrupted: "interrupted"
        case .failed: "failed"
        }
    }
}
