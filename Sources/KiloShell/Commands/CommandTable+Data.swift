import Foundation
import KiloCore

extension CommandTable {
    static let load = CommandSpec(
        name: "load", group: .data, abstract: "Load candles from a file or the data folder",
        discussion: """
            Reads Binance kline CSV (the layout of data/), any OHLCV CSV whose header names a
            time column (epoch ms, epoch s or ISO-8601) and open/high/low/close/volume in any
            order, or an original Bot_kilo SQLite file (table market_data). `load SYMBOL` finds
            SYMBOL_*.csv in data.dir; `load all` loads every symbol of data.symbols. Symbol and interval come from the file name
            (BTCEUR_30m.csv) unless given with `as`; a file name that gives no valid symbol
            (1 to 20 ASCII letters and digits) needs `as SYMBOL`. Only unusable input is refused
            (empty file, missing column, unparseable cell, named by file, line and column; a
            FIFO, device or folder; a file over data.max_load_bytes); anything else is loaded as
            it is and reported by `validate`. Prices are never altered. Ctrl-C stops a long load
            and keeps what was loaded before.
            """,
        arguments: [
            .positional("source", .dataSource, help: "A .csv/.db path, a symbol in data.dir, or all"),
            .keyword("as", .symbol, help: "File the bars under this symbol"),
        ],
        examples: ["load BTCEUR", "load all", "load data/ETHEUR_30m.csv", "load data/original-sqlite/adaeur_30m.db as ADAEUR"],
        run: { context, arguments in
            let source = arguments.string("source") ?? ""
            guard source.lowercased() != "all" || arguments.string("as") != nil else {
                let outputs = try context.engine.loadConfiguredSymbols(cancellation: context.cancellation).map(loadOutput)
                return CommandOutput(blocks: outputs.flatMap(\.blocks), json: .array(outputs.map(\.json)))
            }
            return loadOutput(
                try context.engine.load(source, as: arguments.string("as"), cancellation: context.cancellation))
        })

    static func loadOutput(_ loaded: LoadedBars) -> CommandOutput {
        let series = loaded.series
        let report = loaded.report
        var text = "loaded \(series.symbol): \(series.count) bars of \(series.interval.name)"
        if let first = series.timestamps.first, let last = series.timestamps.last {
            text += " from \(UTCTime.format(first)) to \(UTCTime.format(last)) UTC"
        }
        text += " (\(report.path), \(report.format.rawValue))"
        var notes: [String] = []
        if report.duplicatesDropped > 0 {
            notes.append("\(report.duplicatesDropped) duplicate timestamps: kept the last row of each")
        }
        if report.outOfOrderRows > 0 { notes.append("\(report.outOfOrderRows) rows were out of order and were sorted") }
        let json: JSONValue = .object([
            ("symbol", .string(series.symbol)), ("interval", .string(series.interval.name)),
            ("bars", .int(Int64(series.count))), ("first", series.timestamps.first.map { .string(UTCTime.iso($0)) } ?? .null),
            ("last", series.timestamps.last.map { .string(UTCTime.iso($0)) } ?? .null),
            ("path", .string(report.path)), ("format", .string(report.format.rawValue)),
            ("duplicates_dropped", .int(Int64(report.duplicatesDropped))),
            ("out_of_order_rows", .int(Int64(report.outOfOrderRows))),
        ])
        return CommandOutput(blocks: [.text(([text] + notes.map { "  note: \($0)" }).joined(separator: "\n"))], json: json)
    }

    static let symbols = CommandSpec(
        name: "symbols", group: .data, abstract: "List loaded symbols and data files available",
        run: { context, _ in
            let engine = context.engine
            var rows: [[JSONValue]] = []
            for symbol in engine.loadedSymbols {
                guard let series = try? engine.bars(for: symbol).series else { continue }
                rows.append([
                    .string(symbol), .string("loaded"), .string(series.interval.name), .int(Int64(series.count)),
                    series.timestamps.first.map { .string(UTCTime.format($0)) } ?? .null,
                    series.timestamps.last.map { .string(UTCTime.format($0)) } ?? .null,
                    .string(series.source.path),
                ])
            }
            let loaded = Set(engine.loadedSymbols)
            for file in engine.availableDataFiles() where !loaded.contains(file.symbol) {
                rows.append([
                    .string(file.symbol), .string("available"), file.interval.map { .string($0.name) } ?? .null,
                    .null, .null, .null, .string(file.path),
                ])
            }
            return .table(OutputTable(columns: ["symbol", "status", "interval", "bars", "first", "last", "source"], rows: rows))
        })

    static let showData = CommandSpec(
        name: "show data", group: .data, abstract: "Print the last bars of a loaded symbol",
        arguments: [
            .positional("symbol", .symbol, help: "A loaded symbol"),
            .positional("count", .integer(1...1_000_000), default: "10", placeholder: "N", help: "How many bars, newest last"),
        ],
        examples: ["show data BTCEUR", "show data ETHEUR 3"],
        run: { context, arguments in
            let series = try context.engine.bars(for: arguments.string("symbol") ?? "").series
            let count = min(arguments.integer("count") ?? 10, series.count)
            let rows = (series.count - count..<series.count).map { i -> [JSONValue] in
                [
                    .string(UTCTime.format(series.timestamps[i])), .finite(series.open[i]), .finite(series.high[i]),
                    .finite(series.low[i]), .finite(series.close[i]), .finite(series.volume[i]),
                ]
            }
            let table = OutputTable(
                title: "\(series.symbol) \(series.interval.name), last \(count) of \(series.count) bars (UTC)",
                columns: ["time", "open", "high", "low", "close", "volume"], rows: rows)
            return .table(table)
        })

    static let validate = CommandSpec(
        name: "validate", group: .data, abstract: "Check loaded bars for gaps, bad prices and staleness",
        discussion: """
            Reports per symbol: rows, first and last bar, interval, gaps (count and the longest,
            with its start and end), duplicate timestamps and out-of-order rows seen at load,
            OHLC inconsistencies, non-positive prices, NaN/inf cells, zero-volume bars, and
            staleness of the last bar against the clock (`set clock`). Each finding has a
            severity: error, warning or info.
            """,
        arguments: [.positional("symbol", .symbolOrAll, default: "all", help: "A loaded symbol, or all")],
        examples: ["validate", "validate ADAEUR"],
        run: { context, arguments in
            let symbol = arguments.string("symbol").flatMap { $0 == "all" ? nil : $0 }
            let reports = try context.engine.validate(symbol, now: context.nowMilliseconds)
            return validationOutput(reports)
        })

    static func validationOutput(_ reports: [ValidationReport]) -> CommandOutput {
        let summary = OutputTable(
            columns: ["symbol", "bars", "first", "last", "gaps", "longest gap", "zero vol", "stale", "worst"],
            rows: reports.map { report in
                [
                    .string(report.symbol), .int(Int64(report.rows)),
                    report.firstBar.map { .string(UTCTime.format($0)) } ?? .null,
                    report.lastBar.map { .string(UTCTime.format($0)) } ?? .null, .int(Int64(report.gapCount)),
                    report.longestGap.map { .string(String(format: "%.1f days", $0.days)) } ?? .null,
                    .int(Int64(report.zeroVolumeBars)), .bool(report.isStale),
                    .string(report.worstSeverity?.rawValue ?? "ok"),
                ]
            })
        var blocks: [CommandOutput.Block] = [.table(summary)]
        for report in reports where !report.findings.isEmpty {
            let lines = report.findings.map { "  \($0.severity.rawValue): \($0.kind.rawValue): \($0.message)" }
            blocks.append(.text("\(report.symbol) findings:\n" + lines.joined(separator: "\n")))
        }
        return CommandOutput(blocks: blocks, json: .array(reports.map { JSONValue(encoding: $0) }))
    }
}
