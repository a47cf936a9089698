import Foundation
import KiloCore

extension CommandTable {
    static let score = CommandSpec(
        name: "score", group: .models, abstract: "Predict a CSV with any model file",
        discussion: """
            Loads a model file — a LightGBM text model (.txt, from Kilo or Python's lightgbm 4.x)
            or a Kilo GRU (.safetensors) — takes the model's feature columns from INPUT by name
            (other columns are ignored; a missing one is an error naming it), and writes
            `timestamp,prediction` to OUTPUT, the input's first column copied as timestamp and
            predictions in round-trip precision. A GRU predicts each row that ends a full window
            of sequence_length rows, with its raw output (before target de-standardisation).
            """,
        arguments: [
            .positional("model", .path(extensions: ModelFile.extensions), help: "The model file"),
            .positional("input", .path(extensions: ["csv"]), help: "CSV with the model's feature columns"),
            .positional("output", .path(extensions: ["csv"]), help: "Where to write timestamp,prediction"),
        ],
        examples: ["score models/lightgbm_model_BTCEUR_20250101_120000.txt features.csv predictions.csv"],
        run: { context, arguments in
            let output = arguments.string("output") ?? ""
            let summary = try context.engine.score(
                model: arguments.string("model") ?? "", input: arguments.string("input") ?? "", output: output)
            return CommandOutput(
                blocks: [
                    .text(
                        "scored \(summary.inputRows) rows with a \(summary.kind) model (\(summary.features) features): wrote \(summary.predictions) predictions to \(output)"
                    )
                ],
                json: .object([
                    ("kind", .string(summary.kind)), ("input_rows", .int(Int64(summary.inputRows))),
                    ("predictions", .int(Int64(summary.predictions))), ("features", .int(Int64(summary.features))),
                    ("output", .string(output)),
                ]))
        })

    static let models = CommandSpec(
        name: "models", group: .models, abstract: "List trained model files with their test metrics",
        discussion: """
            Lists the model files in paths.models ({kind}_model_{SYMBOL}_{YYYYMMDD_HHMMSS}),
            marking with * the latest per (kind, symbol) — chosen by the time in the name, never
            across symbols — with test metrics from the run's manifest and, for LightGBM, the
            features with the most gain. Every file is opened: a corrupt or truncated one shows
            its error and the others still list. models.keep_versions prunes older files after
            each training run.
            """,
        arguments: [.positional("symbol", .symbol, optional: true, help: "Only this symbol's models")],
        examples: ["models", "models BTCEUR"],
        run: { context, arguments in
            let listings = context.engine.modelListings(symbol: arguments.string("symbol"))
            let table = OutputTable(
                columns: ["latest", "kind", "symbol", "trained", "test rmse", "test ic", "test direction", "top gain", "status", "file"],
                rows: listings.map { item in
                    [
                        .string(item.isLatest ? "*" : ""), .string(item.entry.kind.rawValue), .string(item.entry.symbol),
                        .string(item.entry.stamp), item.test.map { .finite($0.rmse) } ?? .null,
                        item.test.map { .finite($0.ic) } ?? .null, item.test.map { .finite($0.directionalAccuracy) } ?? .null,
                        .string(item.topGain.joined(separator: " ")), .string(item.problem ?? "ok"),
                        .string(URL(filePath: item.entry.path).lastPathComponent),
                    ]
                })
            return .table(table)
        })

    static let inspectModel = CommandSpec(
        name: "inspect model", group: .models, abstract: "Show a model file's metadata and importances",
        arguments: [
            .positional("model", .path(extensions: ModelFile.extensions), help: "The model file"),
            .option("--top", .integer(1...10_000), default: "10", help: "Importances to show"),
        ],
        examples: ["inspect model models/gru_model_BTCEUR_20250101_120000.safetensors"],
        run: { context, arguments in
            let path = arguments.string("model") ?? ""
            let top = arguments.integer("--top") ?? 10
            let inspection = try ModelFile.open(path).model.inspection(top: top)
            let fields = [("file", path)] + inspection.fields
            guard let importances = inspection.importances else {
                return CommandOutput(blocks: [.fields(fields)], json: .object(fields.map { ($0.0, .string($0.1)) }))
            }
            let table = OutputTable(
                title: importances.title, columns: ["feature", "splits", "gain"],
                rows: importances.rows.map { [.string($0.feature), .int(Int64($0.splits)), .finite($0.gain)] })
            return CommandOutput(
                blocks: [.fields(fields), .table(table)],
                json: .object(fields.map { ($0.0, .string($0.1)) } + [("importances", table.jsonRows)]))
        })
}
