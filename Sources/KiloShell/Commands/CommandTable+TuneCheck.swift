import Foundation
import KiloCore

extension CommandTable {
    static let checkTPE = CommandSpec(
        name: "check tpe", group: .models, abstract: "Run a sampler on an optimisation test function",
        discussion: """
            A developer check of the tuning samplers (hidden from the command list): runs TPE or
            random search on branin (2 floats), hartmann6 (6 floats) or mixed10 (10 mixed
            int/float/categorical parameters), minimising, and prints the best value after 50
            and after all trials beside the known minimum. With --folds K each trial is scored
            on K folds (the function plus a smooth per-fold deviation) and judged after each fold
            by the median pruner, as tune does; it then also prints how many trials completed.
            With --history N it also times 20 suggestions made with N finished (random) trials.
            TPE takes tune.startup_trials, tune.tpe_candidates and tune.tpe_kernels (--candidates
            and --kernels override them; --kernels optuna is Optuna's estimator exactly).
            bench/tune runs it against Optuna.
            """,
        arguments: [
            .positional("function", .choice(TuneTestFunction.all.map(\.name)), help: "The test function"),
            .option("--trials", .integer(1...100_000), default: "200", help: "Trials to run"),
            .option("--seed", .integer(0...Int(Int32.max)), default: "0", help: "Seed of the sampler"),
            .option("--sampler", .choice(TuneSamplerKind.allCases.map(\.rawValue)), default: "tpe", help: "The sampler"),
            .option("--folds", .integer(2...100), help: "Score each trial fold by fold, with the median pruner"),
            .option("--history", .integer(0...100_000), help: "Also time suggestions with this many finished trials"),
            .option(
                "--candidates", .integer(1...10_000),
                help: "TPE draws from l(x) per suggestion (default tune.tpe_candidates)"),
            .option(
                "--kernels", .choice(TPEKernels.allCases.map(\.rawValue)),
                help: "TPE kernels: kilo or optuna (default tune.tpe_kernels)"),
        ],
        examples: [
            "check tpe branin --trials 200 --seed 1", "check tpe branin --trials 100 --folds 5",
            "check tpe mixed10 --trials 20 --history 1000", "check tpe hartmann6 --kernels optuna",
        ],
        isHidden: true,
        run: { context, arguments in
            let name = arguments.string("function") ?? ""
            guard let function = TuneTestFunction.named(name) else {
                throw UsageError(command: "check tpe", message: "FUNCTION: unknown test function '\(name)'", usage: "check tpe FUNCTION")
            }
            // The options override the config's tune section; tune's own sampler factory builds it.
            var tune = context.engine.config.tune
            tune.sampler = arguments.string("--sampler").flatMap(TuneSamplerKind.init(rawValue:)) ?? .tpe
            tune.tpeCandidates = arguments.integer("--candidates") ?? tune.tpeCandidates
            tune.tpeKernels = arguments.string("--kernels").flatMap(TPEKernels.init(rawValue:)) ?? tune.tpeKernels
            let report = SamplerCheck.run(
                function: function, sampler: tune.makeSampler(), samplerName: tune.sampler.rawValue,
                trials: arguments.integer("--trials") ?? 200, seed: UInt64(arguments.integer("--seed") ?? 0),
                folds: arguments.integer("--folds"), history: arguments.integer("--history"),
                cancellation: context.cancellation)
            return checkTPEOutput(report, space: function.space)
        })

    /// The report as aligned fields and as one JSON object.
    static func checkTPEOutput(_ report: SamplerCheck.Report, space: SearchSpace) -> CommandOutput {
        let parameters = space.parameters.compactMap { parameter in
            report.bestParameters[parameter.name].map { (parameter.name, $0) }
        }
        let parameterText = parameters.map { name, value in
            if case .float(let x) = value { return "\(name)=\(String(format: "%.6g", x))" }
            return "\(name)=\(value)"
        }.joined(separator: " ")
        var fields: [(String, String)] = [
            ("function", "\(report.function) (minimum \(String(format: "%.6f", report.minimum)))"),
            ("sampler", report.sampler), ("seed", String(report.seed)), ("trials", String(report.trials)),
            ("best after \(report.trials) trials", String(format: "%.6f", report.best)),
            ("best parameters", parameterText),
        ]
        if report.trials > 50 { fields.insert(("best after 50 trials", String(format: "%.6f", report.bestAfter50)), at: 4) }
        var json: [(String, JSONValue)] = [
            ("function", .string(report.function)), ("sampler", .string(report.sampler)),
            ("seed", .int(Int64(report.seed))), ("trials", .int(Int64(report.trials))),
            ("best_after_50", .finite(report.bestAfter50)), ("best", .finite(report.best)),
            ("minimum", .finite(report.minimum)),
            ("best_parameters", .object(parameters.map { name, value in (name, parameterValueJSON(value)) })),
        ]
        if let folds = report.folds {
            fields.append((
                "folds",
                "\(folds.count) per trial: \(folds.complete) complete, \(folds.pruned) pruned, \(folds.foldsRun) folds scored"
            ))
            json.append((
                "folds",
                .object([
                    ("count", .int(Int64(folds.count))), ("complete", .int(Int64(folds.complete))),
                    ("pruned", .int(Int64(folds.pruned))), ("folds_run", .int(Int64(folds.foldsRun))),
                ])
            ))
        }
        if let timing = report.timing {
            fields.append((
                "suggestion time with \(timing.history) finished trials",
                String(
                    format: "mean %.3f ms CPU (%.3f ms wall), median %.3f ms CPU, max %.3f ms CPU (%.3f ms wall), "
                        + "%d suggestions",
                    timing.meanCPUSeconds * 1000, timing.meanSeconds * 1000, timing.medianCPUSeconds * 1000,
                    timing.maxCPUSeconds * 1000, timing.maxSeconds * 1000, timing.suggestions)
            ))
            json.append((
                "timing",
                .object([
                    ("history", .int(Int64(timing.history))), ("suggestions", .int(Int64(timing.suggestions))),
                    ("mean_ms", .finite(timing.meanSeconds * 1000)), ("max_ms", .finite(timing.maxSeconds * 1000)),
                    ("mean_cpu_ms", .finite(timing.meanCPUSeconds * 1000)),
                    ("median_cpu_ms", .finite(timing.medianCPUSeconds * 1000)),
                    ("max_cpu_ms", .finite(timing.maxCPUSeconds * 1000)),
                ])
            ))
        }
        return CommandOutput(blocks: [.fields(fields)], json: .object(json))
    }
}
