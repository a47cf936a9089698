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
            A symbol whose `validate` reports errors (NaN/inf cells, prices at or below zero,
            inconsistent OHLC, negative volume) is named in a warning before training; with
            --strict the command refuses to train instead. --from-study NAME trains with the best
            complete trial of a `tune` study (its parameters and seed), evaluates the test split
            once beside the baselines, and prints the study's Deflated Sharpe Ratio and a
            Diebold–Mariano test of the test-split squared errors against predicting zero.
            """,
        arguments: [
            .positional("model", .modelKind(allowsAll: true), help: "gru, lightgbm, ppo or all"),
            .positional("symbol", .symbolOrAll, default: "all", help: "A loaded symbol, or all"),
            .option(
                "--walk-forward", .integer(2...50),
                help: "Evaluate with K expanding walk-forward folds instead (mean ± std; writes no files)"),
            .flag("--strict", help: "Refuse to train on a symbol whose validate reports errors"),
            .option(
                "--from-study", .word, placeholder: "NAME",
                help: "Train with the best parameters of study NAME, test once, with the selection statistics"),
        ],
        examples: [
            "train gru ETHEUR", "train lightgbm all", "train all BTCEUR", "train lightgbm BTCEUR --walk-forward 4",
            "train lightgbm BTCEUR --from-study lightgbm_BTCEUR",
        ],
        run: { context, arguments in
            let model = arguments.string("model") ?? "all"
            let kinds: [ModelKind] = model == "all" ? ModelKind.allCases : [ModelKind(rawValue: model) ?? .gru]
            let symbols = try context.symbols(arguments.string("symbol"))
            try checkTrainingData(symbols, strict: arguments.flag("--strict"), context: context)
            let board = ProgressBoard(write: context.progress)
            if let study = arguments.string("--from-study") {
                guard kinds.count == 1, symbols.count == 1 else {
                    throw CommandFailure(message: "--from-study trains one model for one symbol: name both (train lightgbm BTCEUR --from-study \(study))")
                }
                let report = try context.engine.train(
                    try tunableModel(kinds[0].rawValue), symbol: symbols[0], fromStudy: study,
                    cancellation: context.cancellation, progress: board.update)
                board.finish()
                return studyTrainingOutput(report)
            }
            if let folds = arguments.integer("--walk-forward") {
                var reports: [WalkForwardReport] = []
                for symbol in symbols {
                    for kind in kinds where kind.family.evaluatesByRegression || kinds.count == 1 {
                        reports.append(
                            try context.engine.walkForward(
                                kind, symbol: symbol, folds: folds, seed: context.settings.seed,
                                cancellation: context.cancellation, progress: board.update))
                        board.finish()
                    }
                }
                context.lastWalkForward = reports
                return walkForwardOutput(reports)
            }
            let runs = symbols.flatMap { symbol in kinds.map { (kind: $0, symbol: symbol) } }
            let outcomes = try context.engine.train(
                runs, seed: context.settings.seed, cancellation: context.cancellation, progress: board.update,
                finished: board.finished)
            board.finish()
            var reports: [TrainingReport] = []
            var failures: [String] = []
            var skipped: [String] = []
            for (run, outcome) in zip(runs, outcomes) {
                switch outcome {
                case .success(let report): reports.append(report)
                case .failure(let error): failures.append("\(run.kind.rawValue) \(run.symbol): \(error)")
                case nil: skipped.append("\(run.kind.rawValue) \(run.symbol)")
                }
            }
            var output = trainingOutput(reports)
            if !skipped.isEmpty {
                output.blocks.append(.text("interrupted before starting: \(skipped.joined(separator: ", "))"))
            }
            if let first = failures.first {
                if failures.count == 1 && reports.isEmpty && skipped.isEmpty { throw CommandFailure(message: first) }
                context.writeError(failures.map { "error: \($0)\n" }.joined())
                if reports.isEmpty { throw CommandFailure(message: "\(failures.count) training runs failed") }
            }
            return output
        })

    /// Validates each symbol before training: a symbol with error findings is named in a
    /// warning, or, with `strict`, refused with the first finding.
    static func checkTrainingData(_ symbols: [String], strict: Bool, context: ShellContext) throws {
        for symbol in symbols {
            guard let report = try context.engine.validate(symbol, now: context.nowMilliseconds).first,
                let first = report.findings.first(where: { $0.severity == .error })
            else { continue }
            let errors = report.findings.filter { $0.severity == .error }.count
            let summary = "\(symbol): validate reports \(errors) error\(errors == 1 ? "" : "s") (\(first.kind.rawValue): \(first.message))"
            if strict { throw CommandFailure(message: "\(summary); not training with --strict") }
            context.diagnose("\(summary); training anyway (--strict refuses)", level: .warning)
        }
    }

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

extension CommandTable {
    static func walkForwardOutput(_ reports: [WalkForwardReport]) -> CommandOutput {
        var blocks: [CommandOutput.Block] = []
        for report in reports {
            let folds = zip(report.splits, report.folds).enumerated().map { k, pair in
                let (split, fold) = pair
                return String(
                    format: "  fold %d: train rows %d–%d, validation %d–%d, test %d–%d; %@",
                    k + 1, split.train.lowerBound, split.train.upperBound - 1, split.validation.lowerBound,
                    split.validation.upperBound - 1, split.test.lowerBound, split.test.upperBound - 1, fold.summary)
            }
            blocks.append(
                .text(
                    (["\(report.kind.rawValue) \(report.symbol): walk-forward over \(report.folds.count) expanding folds, embargo \(report.splits.first?.embargo ?? 0) bars (no files written)"]
                        + folds).joined(separator: "\n")))
            func cell(_ spread: MetricSpread) -> JSONValue {
                guard spread.mean.isFinite else { return .string("—") }
                return .string(
                    spread.std.isFinite
                        ? String(format: "%.6g ± %.3g", spread.mean, spread.std) : String(format: "%.6g", spread.mean))
            }
            blocks.append(
                .table(
                    OutputTable(
                        columns: ["split", "predictor", "rows", "rmse", "mae", "direction", "ic", "rank ic"],
                        rows: report.summaries.map {
                            [
                                .string($0.split), .string($0.predictor), .int(Int64($0.rows)), cell($0.rmse), cell($0.mae),
                                cell($0.directionalAccuracy), cell($0.ic), cell($0.rankIC),
                            ]
                        })))
        }
        return CommandOutput(blocks: blocks, json: .array(reports.map { JSONValue(encoding: $0) }))
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
