import Foundation
import KiloCore

extension CommandTable {
    static let tune = CommandSpec(
        name: "tune", group: .models, abstract: "Search a model's hyperparameters on walk-forward folds",
        discussion: """
            Runs a study of MODEL (gru or lightgbm; PPO may follow) for SYMBOL (or each loaded
            symbol): trials suggested (TPE or random, tune.*) from tune.spaces.MODEL, scored on
            tune.folds expanding walk-forward folds over the rows BEFORE the test split (each fold
            with its own train-only preprocessor, early stopping on its validation block, the
            objective on its held-out block); tune.pruner stops a trial whose running mean is
            worse than the median. The study is studies/NAME.sqlite (NAME defaults to
            MODEL_SYMBOL): running the same tune again resumes it up to the trial count, and a
            study made for other data, features, space, objective or model config is refused.
            Ctrl-C stops after the running folds and keeps every finished trial. The best trial
            is printed with its Deflated Sharpe Ratio; `train MODEL SYMBOL --from-study NAME`
            then evaluates the untouched test split once.
            """,
        arguments: [
            .positional("model", .modelKind(allowsAll: false), help: "gru or lightgbm"),
            .positional("symbol", .symbolOrAll, default: "all", help: "A loaded symbol, or all"),
            .option("--trials", .integer(1...100_000), help: "Trials in the study in total (tune.trials)"),
            .option("--folds", .integer(2...50), help: "Walk-forward folds per trial (tune.folds)"),
            .option("--objective", .choice(TuneObjective.allCases.map(\.rawValue)), help: "What a trial is scored by (tune.objective)"),
            .option("--study", .word, placeholder: "NAME", help: "The study's name (default MODEL_SYMBOL; NAME_SYMBOL for all)"),
            .option("--timeout", .integer(1...10_000_000), placeholder: "S", help: "Start no new trials after S seconds"),
        ],
        examples: ["tune lightgbm BTCEUR --trials 30", "tune gru ETHEUR --trials 20 --folds 3 --objective ic", "tune lightgbm all --study nightly"],
        run: { context, arguments in
            let model = try tunableModel(arguments.string("model"))
            let symbols = try context.symbols(arguments.string("symbol"))
            let line = TuneProgressLine(write: context.progress)
            var blocks: [CommandOutput.Block] = []
            var json: [JSONValue] = []
            for symbol in symbols {
                let name = arguments.string("--study").map { symbols.count > 1 ? "\($0)_\(symbol)" : $0 }
                let request = TuneRequest(
                    model: model, symbol: symbol, trials: arguments.integer("--trials"), folds: arguments.integer("--folds"),
                    objective: arguments.string("--objective").flatMap(TuneObjective.init(rawValue:)), study: name,
                    timeout: arguments.integer("--timeout").map(Double.init))
                let outcome = try context.engine.tune(
                    request, now: Date(timeIntervalSince1970: Double(context.nowMilliseconds) / 1000),
                    cancellation: context.cancellation, progress: line.update)
                line.finish()
                let report = outcome.report
                blocks += tuneBlocks(outcome, report: report)
                json.append(studyJSON(report, extra: [("ran_this_time", .int(Int64(outcome.ranThisTime))),
                    ("stopped_by", outcome.stoppedBy.map { .string($0) } ?? .null)]))
                if context.cancellation.isCancelled { break }
            }
            return CommandOutput(blocks: blocks, json: .array(json))
        })

    /// The tunable model named by a bound `modelKind`, or the reason PPO is refused.
    static func tunableModel(_ name: String?) throws -> TuneModel {
        let kind = ModelKind(rawValue: name ?? "") ?? .ppo
        guard let model = TuneModel(kind: kind) else {
            throw CommandFailure(message: TuneError.modelNotTunable(kind: kind.rawValue).description)
        }
        return model
    }

    static func tuneBlocks(_ outcome: TuneOutcome, report: StudyReport) -> [CommandOutput.Block] {
        let h = outcome.header
        var lines = ["\(h.model.rawValue) \(h.symbol): study \(h.name) (\(outcome.path)): \(countsText(report)); "
            + "this run \(outcome.ranThisTime); \(h.objective.rawValue) (\(h.direction.rawValue)) over \(h.folds) folds, "
            + "sampler \(h.sampler.rawValue), seed \(h.seed)"]
        if !outcome.abandoned.isEmpty {
            lines.append("  trial \(outcome.abandoned.map { "#\($0)" }.joined(separator: ", ")) was running when its process ended: marked failed")
        }
        switch outcome.stoppedBy {
        case "interrupted": lines.append("  interrupted: finished trials are kept; run the same tune again to resume")
        case "timeout": lines.append("  timeout: no new trials started; run the same tune again to resume")
        default: break
        }
        return [.text(lines.joined(separator: "\n"))] + bestBlocks(report, top: 5)
    }

    /// `30 trials (27 complete, 2 pruned, 1 failed)`.
    static func countsText(_ report: StudyReport) -> String {
        let counts = report.counts
        let parts = [TrialState.complete, .pruned, .failed, .running].compactMap { state -> String? in
            guard let n = counts[state], n > 0 else { return nil }
            return "\(n) \(state.rawValue)"
        }
        return "\(report.trials.count) trial\(report.trials.count == 1 ? "" : "s")" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
    }

    /// The best trials table, the best trial with its Deflated Sharpe Ratio, and the plain-words
    /// verdict when the DSR is not significant.
    static func bestBlocks(_ report: StudyReport, top: Int) -> [CommandOutput.Block] {
        let best = report.top(top)
        guard let first = best.first else { return [.text("  no complete trial yet")] }
        let names = report.header.space.parameters.map(\.name)
        let rows: [[JSONValue]] = best.map { trial in
            [.int(Int64(trial.record.number)), .finite(trial.record.value ?? .nan),
             .string(trial.record.foldValues.map { format($0) }.joined(separator: " ")),
             trial.netSharpe.map { .finite($0) } ?? .null]
                + names.map { .string(parameterText(trial.record.parameters[$0])) }
        }
        var blocks: [CommandOutput.Block] = [
            .table(OutputTable(
                title: "best trials (\(report.header.objective.rawValue), \(report.header.direction.rawValue))",
                columns: ["trial", "value", "folds", "net sharpe"] + names, rows: rows))
        ]
        var lines = ["best trial #\(first.record.number): \(report.header.objective.rawValue) \(format(first.record.value ?? .nan)); "
            + names.map { "\($0) \(parameterText(first.record.parameters[$0]))" }.joined(separator: ", ")]
        lines += dsrLines(report.selection)
        blocks.append(.text(lines.joined(separator: "\n")))
        return blocks
    }

    /// The Deflated Sharpe Ratio in numbers and plain words.
    static func dsrLines(_ selection: SelectionStatistics?) -> [String] {
        guard let s = selection, let dsr = s.deflated else {
            return ["Deflated Sharpe Ratio: not available (needs at least two trials with net returns)"]
        }
        return [
            String(
                format: "Deflated Sharpe Ratio %.3f: best net Sharpe %.4f per bar over %d held-out bars; %d trials with variance %.3g "
                    + "make %.4f the best expected by chance alone (skew %.2f, kurtosis %.2f)",
                dsr.probability, s.observedSharpe, s.observations, s.trialCount, s.trialSharpeVariance,
                dsr.expectedMaximumSharpe, s.skewness, s.kurtosis),
            dsr.probability > 0.95
                ? "  the best trial's Sharpe is above what \(s.trialCount) trials give by chance (DSR > 0.95)"
                : String(format: "  not significant: %.0f %% probability that the best trial beats chance (5 %% level needs 95 %%)", dsr.probability * 100),
        ]
    }

    /// A parameter as tables show it: reals to 4 significant digits (JSON keeps every digit).
    static func parameterText(_ value: ParameterValue?) -> String {
        guard let value else { return "" }
        if case .float(let v) = value { return format(v) }
        return value.description
    }

    static func format(_ value: Double) -> String { value.isFinite ? String(format: "%.4g", value) : "—" }

    static func studyJSON(_ report: StudyReport, extra: [(String, JSONValue)] = []) -> JSONValue {
        let h = report.header
        let best = report.best
        let selection = report.selection
        return .object([
            ("study", .string(h.name)), ("path", .string(report.path)), ("model", .string(h.model.rawValue)),
            ("symbol", .string(h.symbol)), ("objective", .string(h.objective.rawValue)), ("direction", .string(h.direction.rawValue)),
            ("trials", .int(Int64(report.trials.count))),
            ("complete", .int(Int64(report.counts[.complete] ?? 0))), ("pruned", .int(Int64(report.counts[.pruned] ?? 0))),
            ("failed", .int(Int64(report.counts[.failed] ?? 0))),
            ("best_trial", best.map { .int(Int64($0.record.number)) } ?? .null),
            ("best_value", best?.record.value.map { .finite($0) } ?? .null),
            ("best_parameters", best.map { parametersJSON($0.record.parameters) } ?? .null),
            ("deflated_sharpe", selection?.deflated.map { .finite($0.probability) } ?? .null),
            ("expected_max_sharpe", selection?.deflated.map { .finite($0.expectedMaximumSharpe) } ?? .null),
        ] + extra)
    }

    /// A trial's parameters as one JSON object, by name (`tune`, `studies`, `inspect study`).
    static func parametersJSON(_ parameters: TrialParameters) -> JSONValue {
        .object(parameters.sorted { $0.key < $1.key }.map { ($0.key, parameterValueJSON($0.value)) })
    }

    /// One parameter value as JSON (also `check tpe`'s best parameters).
    static func parameterValueJSON(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .int(let v): .int(Int64(v))
        case .float(let v): .finite(v)
        case .string(let v): .string(v)
        }
    }

    /// `train --from-study`: the training report (test beside the baselines), the trial used, the
    /// Deflated Sharpe Ratio, the Diebold–Mariano p-value and, when neither is significant at 5 %,
    /// the verdict in plain words.
    static func studyTrainingOutput(_ report: StudyTrainingReport) -> CommandOutput {
        var output = trainingOutput([report.training])
        let trial = report.trial.record
        let names = report.study.header.space.parameters.map(\.name)
        var lines = [
            "from study \(report.study.header.name): best trial #\(trial.number) (\(report.study.header.objective.rawValue) "
                + "\(format(trial.value ?? .nan)) on the search folds; seed \(trial.seed)); "
                + names.map { "\($0) \(parameterText(trial.parameters[$0]))" }.joined(separator: ", ")
        ]
        lines += dsrLines(report.selection)
        if let dm = report.dieboldMariano {
            lines.append(
                String(
                    format: "Diebold–Mariano test on the test split (squared error vs predicting zero): statistic %.3f, one-sided p-value %.4f",
                    dm.statistic, dm.pValue))
            lines.append(
                dm.pValue < 0.05
                    ? "  the final model's test-split errors are smaller than predicting zero (p < 0.05)"
                    : "  not significant: the final model's test-split errors are not reliably smaller than predicting zero")
        } else {
            lines.append("Diebold–Mariano test: not available (too few test rows, or the losses do not vary)")
        }
        if !report.showsEdge() {
            lines.append(
                "The search found no edge beyond chance: neither the Deflated Sharpe Ratio nor the Diebold–Mariano test "
                    + "is significant at 5 %; the best trial's score is what picking the best of \(report.selection?.trialCount ?? report.study.trials.count) "
                    + "tries gives by luck alone.")
        }
        output.blocks.append(.text(lines.joined(separator: "\n")))
        output.json = .object([
            ("training", output.json),
            ("study", studyJSON(report.study)),
            ("trial", .int(Int64(trial.number))),
            ("dm_statistic", report.dieboldMariano.map { .finite($0.statistic) } ?? .null),
            ("dm_p_value", report.dieboldMariano.map { .finite($0.pValue) } ?? .null),
            ("edge", .bool(report.showsEdge())),
        ])
        return output
    }
}
