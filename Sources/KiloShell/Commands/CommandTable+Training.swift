import Foundation
import KiloCore

extension CommandTable {
    static let train = CommandSpec(
        name: "train", group: .models, abstract: "Train a model for a loaded symbol",
        discussion: """
            Trains MODEL (gru, lightgbm — gbdt and lgbm are aliases — or all) for SYMBOL (or all
            loaded symbols) on that symbol's own data: features, a chronological train /
            validation / test split with an embargo (training.*), the preprocessor fit on
            train only, early stopping on validation, and metrics on validation and test beside
            the naive baselines (predict zero; predict the previous return). Writes
            {kind}_model_{SYMBOL}_{YYYYMMDD_HHMMSS} with its preprocessor, the feature metadata
            and a manifest into paths.models. Ctrl-C stops a GRU between batches and keeps its
            best weights so far. The seed is `set seed` / --seed when given, else models.*.seed.
            """,
        arguments: [
            .positional("model", .modelKind(allowsAll: true), help: "gru, lightgbm or all"),
            .positional("symbol", .symbolOrAll, default: "all", help: "A loaded symbol, or all"),
        ],
        examples: ["train gru ETHEUR", "train lightgbm all", "train all BTCEUR"],
        run: { context, arguments in
            let model = arguments.string("model") ?? "all"
            let kinds: [ModelKind] = model == "all" ? [.gru, .lightgbm] : [ModelKind(rawValue: model) ?? .gru]
            var reports: [TrainingReport] = []
            for symbol in try context.symbols(arguments.string("symbol")) {
                for kind in kinds {
                    let bar = ProgressBar(label: "\(kind.rawValue) \(symbol)", write: context.progress)
                    let report = try context.engine.train(
                        kind, symbol: symbol, seed: context.settings.seed, cancellation: context.cancellation,
                        progress: bar.update)
                    bar.finish()
                    reports.append(report)
                    if context.cancellation.isCancelled { break }
                }
                if context.cancellation.isCancelled { break }
            }
            return trainingOutput(reports)
        })

    static func trainingOutput(_ reports: [TrainingReport]) -> CommandOutput {
        var blocks: [CommandOutput.Block] = []
        for report in reports {
            let rows = report.rows
            let header = """
                \(report.kind.rawValue) \(report.symbol): data \(UTCTime.format(report.dataRange.lowerBound)) to \(UTCTime.format(report.dataRange.upperBound)) UTC; rows train \(rows["train"] ?? 0), validation \(rows["validation"] ?? 0), test \(rows["test"] ?? 0); \(report.summary); \(String(format: "%.1f", report.seconds)) s; seed \(report.seed)
                """
            var metricRows: [[JSONValue]] = []
            for evaluation in report.evaluations {
                for (name, metrics) in [
                    ("model", evaluation.model), ("zero", evaluation.zero), ("previous return", evaluation.previousReturn),
                ] {
                    metricRows.append([
                        .string(evaluation.split), .string(name), .int(Int64(metrics.count)), .finite(metrics.rmse),
                        .finite(metrics.mae), .finite(metrics.directionalAccuracy), .finite(metrics.ic), .finite(metrics.rankIC),
                    ])
                }
            }
            blocks.append(.text(header))
            blocks.append(
                .table(
                    OutputTable(
                        columns: ["split", "predictor", "rows", "rmse", "mae", "direction", "ic", "rank ic"], rows: metricRows)))
            blocks.append(.text(report.files.map { "  wrote \($0)" }.joined(separator: "\n")))
        }
        return CommandOutput(blocks: blocks, json: .array(reports.map { JSONValue(encoding: $0) }))
    }
}

/// A one-line progress bar on standard error (only where it is a terminal).
final class ProgressBar {
    private let label: String
    private let write: ((String) -> Void)?
    private var drew = false

    init(label: String, write: ((String) -> Void)?) {
        self.label = label
        self.write = write
    }

    func update(_ progress: TrainingProgress) {
        guard let write else { return }
        let width = 24
        let done = progress.total > 0 ? min(width, width * progress.step / progress.total) : 0
        let bar = String(repeating: "#", count: done) + String(repeating: "-", count: width - done)
        var eta = ""
        if progress.elapsed > 0, progress.step > 0 {
            let remaining = progress.elapsed / Double(progress.step) * Double(progress.total - progress.step)
            eta = String(format: " %.0fs, ETA ≤ %.0fs", progress.elapsed, remaining)
        }
        write("\r\(label) [\(bar)] \(progress.step)/\(progress.total) \(progress.metrics)\(eta)\u{1B}[K")
        drew = true
    }

    func finish() {
        if drew { write?("\n") }
    }
}
