import Foundation
import KiloCore

extension CommandTable {
    static let studies = CommandSpec(
        name: "studies", group: .models, abstract: "List the hyperparameter studies",
        discussion: """
            Lists the studies in tune.studies_dir (NAME.sqlite): model, symbol, objective, trials by
            state, the best value and its trial, and the Deflated Sharpe Ratio of the best trial.
            A file that cannot be read shows its error and the others still list.
            """,
        examples: ["studies"],
        run: { context, _ in
            let listings = context.engine.studies()
            let rows: [[JSONValue]] = listings.map { listing in
                switch listing.report {
                case .success(let report):
                    let h = report.header
                    return [
                        .string(listing.name), .string(h.model.rawValue), .string(h.symbol), .string(h.objective.rawValue),
                        .string(countsText(report)), report.best.map { .int(Int64($0.record.number)) } ?? .null,
                        report.best?.record.value.map { .finite($0) } ?? .null,
                        report.selection?.deflated.map { .finite($0.probability) } ?? .null,
                        .string(UTCTime.format(h.created)), .string("ok"),
                    ]
                case .failure(let error):
                    return [.string(listing.name), .null, .null, .null, .null, .null, .null, .null, .null, .string("\(error)")]
                }
            }
            let table = OutputTable(
                columns: ["study", "model", "symbol", "objective", "trials", "best trial", "best value", "dsr", "created", "status"],
                rows: rows)
            guard !listings.isEmpty else {
                return CommandOutput(
                    blocks: [.text("no studies in \(context.engine.studiesFolder) (`tune MODEL SYMBOL` makes one)")], json: .array([]))
            }
            return CommandOutput(
                blocks: [.table(table)],
                json: .array(listings.map { listing in
                    (try? listing.report.get()).map { studyJSON($0) } ?? .object([("study", .string(listing.name)), ("error", .string("\(listing.report)"))])
                }))
        })

    static let inspectStudy = CommandSpec(
        name: "inspect study", group: .models, abstract: "Show a study's best trials and parameter effects",
        discussion: """
            Shows study NAME: what it searched, its trials by state, the best trials with their
            per-fold values, each parameter's effect (the rank correlation of its value — log
            value for a log range — with the objective over complete trials, or the mean objective
            per choice), the optimisation history as a sparkline (best so far) and the Deflated
            Sharpe Ratio of the best trial.
            """,
        arguments: [.positional("name", .word, placeholder: "NAME", help: "The study (studies lists them)")],
        examples: ["inspect study lightgbm_BTCEUR"],
        run: { context, arguments in
            let report = try context.engine.study(named: arguments.string("name") ?? "")
            let h = report.header
            var fields: [(String, String)] = [
                ("study", "\(h.name) (\(report.path))"), ("model", h.model.rawValue), ("symbol", h.symbol),
                ("objective", "\(h.objective.rawValue) (\(h.direction.rawValue))"), ("folds", "\(h.folds)"),
                ("sampler", "\(h.sampler.rawValue), seed \(h.seed)" + (h.samplerSettings.map { ", \($0)" } ?? "")),
                ("pruner", h.pruner.rawValue),
                ("trials", countsText(report)), ("space", TuneSpace(h.space.parameters).description),
                ("search rows", h.splits.first.map { "\($0.train.lowerBound)–\((h.splits.last?.test.upperBound ?? 1) - 1) in \(h.splits.count) folds, embargo \($0.embargo); the test split from row \(h.testStart) was not read" } ?? "—"),
                ("data SHA-256", h.dataSHA256), ("feature spec hash", h.specHash), ("created", UTCTime.format(h.created) + " UTC"),
            ]
            if let budget = h.trialBudget { fields.insert(("trial budget", budget), at: 7) }
            let effects = report.effects.map { effect -> [JSONValue] in
                if let rho = effect.rankCorrelation {
                    return [.string(effect.name), .string("rank correlation \(format(rho))")]
                }
                return [.string(effect.name), .string(effect.choiceMeans.map { "\($0.choice): \(format($0.mean)) (\($0.count))" }.joined(separator: ", "))]
            }
            let history = report.bestSoFar
            let values = report.trials.compactMap { $0.record.state == .complete ? $0.record.value : nil }.filter(\.isFinite)
            var blocks: [CommandOutput.Block] = [.fields(fields)]
            blocks += bestBlocks(report, top: 10)
            blocks.append(.table(OutputTable(title: "parameter effects", columns: ["parameter", "effect on the objective"], rows: effects)))
            if !history.isEmpty {
                blocks.append(.text(
                    "best so far  \(EquityChart.sparkline(history)) \(format(history.first ?? .nan)) → \(format(history.last ?? .nan))\n"
                        + "trial value  \(EquityChart.sparkline(values))"))
            }
            return CommandOutput(
                blocks: blocks,
                json: studyJSON(report, extra: [
                    ("history", .array(history.map { .finite($0) })),
                    ("test_start", .int(Int64(h.testStart))),
                    ("space", JSONValue(encoding: h.space)),
                    ("folds", .array(h.splits.map { split in
                        .object([
                            ("train", .array([.int(Int64(split.train.lowerBound)), .int(Int64(split.train.upperBound))])),
                            ("validation", .array([.int(Int64(split.validation.lowerBound)), .int(Int64(split.validation.upperBound))])),
                            ("test", .array([.int(Int64(split.test.lowerBound)), .int(Int64(split.test.upperBound))])),
                        ])
                    })),
                    ("trial_list", .array(report.trials.map { trial in
                        .object([
                            ("number", .int(Int64(trial.record.number))), ("state", .string(trial.record.state.rawValue)),
                            ("value", trial.record.value.map { .finite($0) } ?? .null),
                            ("folds", .array(trial.record.foldValues.map { .finite($0) })),
                            ("parameters", parametersJSON(trial.record.parameters)),
                            ("failure", trial.record.failure.map { .string($0) } ?? .null),
                            ("seconds", .finite(trial.record.duration)),
                        ])
                    })),
                ]))
        })

    static let plotStudy = CommandSpec(
        name: "plot study", group: .models, abstract: "Write a study's optimisation history as SVG",
        discussion: """
            Writes study NAME's history to PATH as SVG: each complete trial's value by trial
            number, the best value so far, and pruned (grey) and failed (red) trials as ticks.
            """,
        arguments: [
            .positional("name", .word, placeholder: "NAME", help: "The study"),
            .positional("path", .path(extensions: ["svg"]), help: "The SVG file to write"),
        ],
        examples: ["plot study lightgbm_BTCEUR /tmp/study.svg"],
        run: { context, arguments in
            let report = try context.engine.study(named: arguments.string("name") ?? "")
            let path = arguments.string("path") ?? ""
            try OutputFile.write(StudyChart.svg(report), to: path)
            return CommandOutput(
                blocks: [.text("best so far  \(EquityChart.sparkline(report.bestSoFar))\nwrote \(report.trials.count) trials to \(path)")],
                json: .object([("study", .string(report.header.name)), ("trials", .int(Int64(report.trials.count))), ("path", .string(path))]))
        })

    static let exportStudy = CommandSpec(
        name: "export study", group: .models, abstract: "Write a study's trials as canonical JSON",
        discussion: """
            Writes study NAME to PATH as one line of JSON with sorted keys: what it searched (its
            header without the creation time) and every trial's parameters, seed, per-fold values,
            state, value, failure and net-return statistics, without durations. The same study run
            twice (or once locally and once on a cluster) exports the same bytes.
            """,
        arguments: [
            .positional("name", .word, placeholder: "NAME", help: "The study"),
            .positional("path", .path(extensions: ["json"]), help: "The JSON file to write"),
        ],
        examples: ["export study lightgbm_BTCEUR /tmp/study.json"],
        run: { context, arguments in
            let path = arguments.string("path") ?? ""
            let (report, text) = try context.engine.exportStudy(named: arguments.string("name") ?? "")
            try OutputFile.write(text, to: path)
            return CommandOutput(
                blocks: [.text("wrote study \(report.header.name): \(report.trials.count) trials to \(path)")],
                json: .object([
                    ("study", .string(report.header.name)), ("trials", .int(Int64(report.trials.count))), ("path", .string(path)),
                ]))
        })
}
