import Foundation
import KiloCore

extension CommandTable {
    static let features = CommandSpec(
        name: "features", group: .features, abstract: "Generate the feature matrix of loaded symbols",
        discussion: """
            Computes every configured feature (the original's catalogue, TA-Lib-exact where TA-Lib
            has the indicator) causally: the value at bar t uses bars up to t only, warm-up rows
            are NaN (never back-filled), and a gap longer than features.max_gap_bars starts a new
            segment in which every indicator warms up again. Also fits the preprocessor on the
            training split (training.*), for `export features --scaled` and the NaN report.
            With --save, writes the preprocessor (models/preprocessor_SYMBOL_TIME.json) and the
            feature metadata (models/metadata/features_SYMBOL.json: ordered names, parameters,
            lookbacks, spec hash, interval, train range, data SHA-256).
            """,
        arguments: [
            .positional("symbol", .symbolOrAll, default: "all", help: "A loaded symbol, or all"),
            .flag("--save", help: "Write the preprocessor and feature metadata to paths.models"),
        ],
        examples: ["features BTCEUR", "features all --save"],
        run: { context, arguments in
            let symbols = try context.symbols(arguments.string("symbol"))
            var rows: [[JSONValue]] = []
            var notes: [String] = []
            for symbol in symbols {
                let result = try context.engine.features(for: symbol)
                let matrix = result.matrix
                rows.append([
                    .string(symbol), .int(Int64(matrix.rowCount)), .int(Int64(matrix.columnCount)),
                    .int(Int64(matrix.segments.count)), .int(Int64(matrix.warmupRows)),
                    .int(Int64(matrix.trainingRowCount(in: 0..<matrix.rowCount))),
                    result.split.map { .string("\($0.train.count)/\($0.validation.count)/\($0.test.count)") } ?? .null,
                    .string(String(FeatureSpec.hash(of: matrix.specs).prefix(12))),
                ])
                if arguments.flag("--save") {
                    let files = try context.engine.saveFeatureFiles(for: symbol, date: Date())
                    notes.append("\(symbol): wrote \(files.preprocessor) and \(files.metadata)")
                }
                for segment in matrix.segments.dropFirst() {
                    notes.append(
                        "\(symbol): new segment at \(UTCTime.format(matrix.timestamps[segment.start])) after \(segment.missingBarsBefore) missing bars; indicators warm up again")
                }
            }
            let table = OutputTable(
                columns: ["symbol", "bars", "features", "segments", "warm-up", "usable rows", "train/val/test", "spec hash"],
                rows: rows)
            return CommandOutput(
                blocks: [.table(table)] + (notes.isEmpty ? [] : [.text(notes.joined(separator: "\n"))]), json: table.jsonRows)
        })

    static let inspectNaNReport = CommandSpec(
        name: "inspect nan report", group: .features, abstract: "Account for every NaN and fill per feature",
        discussion: """
            Per feature: lookback, warm-up NaN (first segment and after gaps), data NaN by cause
            (a zero-volume bar or a flat bar in the window, other), inf, and the rows the cleaning
            filled by forward fill (features.ffill_limit), by the training mean, by zero, and what
            remains — worst first, with totals. Warm-up rows are never filled; they are left out
            of training rows.
            """,
        arguments: [
            .positional("symbol", .symbolOrAll, default: "all", help: "A loaded symbol, or all"),
            .option("--top", .integer(1...10_000), default: "20", help: "Show at most this many features per symbol"),
        ],
        examples: ["inspect nan report ADAEUR", "inspect nan report all --top 5"],
        run: { context, arguments in
            let top = arguments.integer("--top") ?? 20
            var blocks: [CommandOutput.Block] = []
            var json: [JSONValue] = []
            for symbol in try context.symbols(arguments.string("symbol")) {
                let report = try context.engine.nanReport(for: symbol)
                let shown = Array(report.worstFirst.prefix(top)) + [report.totals]
                let table = OutputTable(
                    title: "\(symbol): \(report.rowCount) rows, \(report.segments.count) segment\(report.segments.count == 1 ? "" : "s"), \(report.columns.count) features (worst \(min(top, report.columns.count)) and totals)",
                    columns: [
                        "feature", "lookback", "warm-up", "gap warm-up", "zero vol", "flat", "other", "inf", "ffill",
                        "mean", "zero", "remaining",
                    ],
                    rows: shown.map(nanRow))
                blocks.append(.table(table))
                json.append(
                    .object([
                        ("symbol", .string(symbol)), ("rows", .int(Int64(report.rowCount))),
                        ("features", .array(report.columns.map { .object(Array(zip(table.columns, nanRow($0)))) })),
                        ("totals", .object(Array(zip(table.columns, nanRow(report.totals))))),
                    ]))
            }
            return CommandOutput(blocks: blocks, json: .array(json))
        })

    static func nanRow(_ column: NaNReport.Column) -> [JSONValue] {
        [
            .string(column.name), .int(Int64(column.lookback)), .int(Int64(column.warmupNaN)), .int(Int64(column.gapNaN)),
            .int(Int64(column.zeroVolumeNaN)), .int(Int64(column.flatRangeNaN)), .int(Int64(column.otherNaN)),
            .int(Int64(column.inf)), .int(Int64(column.fills.forwardFilled)), .int(Int64(column.fills.meanFilled)),
            .int(Int64(column.fills.zeroFilled)), .int(Int64(column.fills.remaining)),
        ]
    }

    static let inspectFeatures = CommandSpec(
        name: "inspect features", group: .features, abstract: "Summarise feature columns of a symbol",
        arguments: [
            .positional("symbol", .symbol, help: "A loaded symbol"),
            .positional("names", .featureName, repeating: true, placeholder: "NAME", help: "Features to show (default: all)"),
        ],
        examples: ["inspect features BTCEUR rsi macd atr"],
        run: { context, arguments in
            let matrix = try context.engine.features(for: arguments.string("symbol") ?? "").matrix
            let stats = try FeatureStats.summarize(matrix, names: arguments.strings("names"))
            let table = OutputTable(
                title: "\(matrix.symbol): \(matrix.rowCount) rows",
                columns: ["feature", "count", "missing", "mean", "std", "min", "max", "last", "lookback"],
                rows: stats.map {
                    [
                        .string($0.name), .int(Int64($0.count)), .int(Int64($0.missing)), .finite($0.mean), .finite($0.std),
                        .finite($0.min), .finite($0.max), .finite($0.last), .int(Int64($0.lookback)),
                    ]
                })
            return .table(table)
        })

    static let exportFeatures = CommandSpec(
        name: "export features", group: .features, abstract: "Write a symbol's features to CSV",
        discussion: """
            Writes `timestamp` (epoch ms) then every feature by name, one row per bar, NaN as
            `NaN`, numbers in round-trip precision. Raw values by default; with --scaled, cleaned
            and scaled by the preprocessor fit on the training split (warm-up rows stay NaN).
            """,
        arguments: [
            .positional("symbol", .symbol, help: "A loaded symbol"),
            .positional("path", .path(extensions: ["csv"]), help: "The CSV file to write"),
            .flag("--scaled", help: "Write preprocessed (cleaned, scaled, clipped) values"),
        ],
        examples: ["export features BTCEUR /tmp/btceur_features.csv", "export features ETHEUR /tmp/eth.csv --scaled"],
        run: { context, arguments in
            let path = arguments.string("path") ?? ""
            let matrix = try context.engine.exportFeatures(
                for: arguments.string("symbol") ?? "", to: path, scaled: arguments.flag("--scaled"))
            let kind = arguments.flag("--scaled") ? "scaled" : "raw"
            return CommandOutput(
                blocks: [.text("wrote \(matrix.rowCount) rows × \(matrix.columnCount) \(kind) features to \(path)")],
                json: .object([
                    ("path", .string(path)), ("rows", .int(Int64(matrix.rowCount))),
                    ("features", .int(Int64(matrix.columnCount))), ("scaled", .bool(arguments.flag("--scaled"))),
                ]))
        })
}

extension ShellContext {
    /// The symbols a `SYMBOL|all` argument means: one loaded symbol, or every loaded one.
    /// - Throws: `DataError` when the symbol is not loaded or nothing is.
    func symbols(_ argument: String?) throws -> [String] {
        guard let argument, argument != "all" else {
            guard !engine.loadedSymbols.isEmpty else { throw DataError.nothingLoaded }
            return engine.loadedSymbols
        }
        return [try engine.bars(for: argument).series.symbol]
    }
}
