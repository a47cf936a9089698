import Foundation
import KiloCore

extension CommandTable {
    static let train = CommandSpec(
        name: "train", group: .models, abstract: "Train a model for a loaded symbol",
        discussion: """
            Trains MODEL (gru, lightgbm — gbdt and lgbm are aliases —, ppo or all) for SYMBOL (or all
            loaded symbols) on that symbol's own data: features, a chronological train /
            validation / test split with an embargo (training.*), the preprocessor fit on
            train only, early stopping on validation, and metrics on validation and test beside
            the naive baselines (predict zero; predict the previous return); for PPO the
            deterministic return on validation and test beside buy-and-hold, trades, fees and the
            action histogram (an agent collapsed to one action is flagged). Writes
            {kind}_model_{SYMBOL}_{YYYYMMDD_HHMMSS} with its preprocessor, the feature metadata
            and a manifest into paths.models. Ctrl-C stops a GRU between batches and keeps its
            best weights so far. The seed is `set seed` / --seed when given, else models.*.seed.
            """,
        arguments: [
            .positional("model", .modelKind(allowsAll: true), help: "gru, lightgbm, ppo or all"),
            .positional("symbol", .symbolOrAll, default: "all", help: "A loaded symbol, or all"),
        ],
        examples: ["train gru ETHEUR", "train lightgbm all", "train all BTCEUR"],
        run: { context, arguments in
            let model = arguments.string("model") ?? "all"
            let kinds: [ModelKind] = model == "all" ? ModelKind.allCases : [ModelKind(rawValue: model) ?? .gru]
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
            blocks.append(.text(([header] + report.notes.map { "  \($0)" }).joined(separator: "\n")))
            if !metricRows.isEmpty {
                blocks.append(
                .table(
                    OutputTable(
                        columns: ["split", "predictor", "rows", "rmse", "mae", "direction", "ic", "rank ic"], rows: metricRows)))
            }
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

extension CommandTable {
    static let checkPPOCartPole = CommandSpec(
        name: "check ppo-cartpole", group: .models, abstract: "Train PPO on CartPole-v1 and report its return",
        discussion: """
            The PPO self-check: trains on CartPole-v1 (Gymnasium's exact dynamics and episode rules)
            with the models.ppo defaults and ent_coef 0, then prints the mean deterministic return
            over 20 episodes and env-steps per second. With 100,000 timesteps it reaches ≥ 475.
            """,
        arguments: [
            .option("--timesteps", .integer(1_000...100_000_000), default: "100000", help: "Environment steps to train"),
            .option("--seed", .integer(0...Int(Int32.max)), default: "0", help: "Seed of the environment and the agent"),
        ],
        examples: ["check ppo-cartpole --timesteps 20000 --seed 1"],
        run: { context, arguments in
            let report = try PPOSelfCheck.cartPole(
                timesteps: arguments.integer("--timesteps") ?? 100_000, seed: arguments.integer("--seed") ?? 0,
                cancellation: context.cancellation)
            let fields: [(String, String)] = [
                ("timesteps", String(report.timesteps)), ("seed", String(report.seed)),
                ("mean return (20 episodes, deterministic)", String(format: "%.1f", report.meanReturn)),
                ("env-steps per second", String(format: "%.0f", report.stepsPerSecond)),
                ("training time", String(format: "%.1f s", report.trainingSeconds)),
            ]
            return CommandOutput(
                blocks: [.fields(fields)],
                json: .object([
                    ("timesteps", .int(Int64(report.timesteps))), ("seed", .int(Int64(report.seed))),
                    ("mean_return", .finite(report.meanReturn)), ("steps_per_second", .finite(report.stepsPerSecond)),
                    ("episode_returns", .array(report.episodeReturns.map { .finite($0) })),
                ]))
        })
}
