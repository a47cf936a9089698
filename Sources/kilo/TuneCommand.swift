import ArgumentParser
import CLibEdit
import Foundation
import KiloCore
import KiloShell

/// `kilo tune`: the shell's `load`, `tune` and — once the study holds its trials —
/// `train --from-study` for one model, as one process.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search a model's hyperparameters on walk-forward folds, then train and test the best.",
        discussion: """
            Loads the symbol (default: every symbol of data.symbols), runs or resumes the study
            (tune.* in the config; studies/NAME.sqlite) and prints the best trial with its Deflated
            Sharpe Ratio. When the study holds all its trials, trains the final model with the best
            parameters, evaluates the untouched test split once and prints the Diebold–Mariano
            p-value against predicting zero (--no-train skips this). A killed run resumes when
            started again. Under training.runner: ray the trials run on the Ray cluster (as kilo
            cluster tune) while the studies and the final models stay here.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "gru or lightgbm (PPO may follow).")
    var model: String

    @Option(name: .long, help: "Tune only this symbol (default: data.symbols).")
    var symbol: String?

    @OptionGroup var search: StudyOptions

    @Option(name: .long, help: "Start no new trials after this many seconds.")
    var timeout: Int?

    @Option(name: .customLong("models-dir"), help: "Write the final model here instead of paths.models.")
    var modelsDirectory: String?

    @Flag(name: .customLong("no-train"), help: "Only search; do not train the final model.")
    var noTrain = false

    /// `training.runner: ray`: each symbol's study through the Ray driver's tune mode, one after
    /// another (`kilo cluster tune`); stops at the first that does not complete.
    /// - Returns: The driver's exit status.
    private func tuneOnRay(_ config: EngineConfig, symbols: [String], studyName: (String) -> String) -> Int32 {
        if timeout != nil {
            FileHandle.standardError.write(Data("kilo: error: --timeout is for the local runner (training.runner: local)\n".utf8))
            return ExitStatus.badInvocation
        }
        for symbol in symbols {
            FileHandle.standardError.write(Data("training.runner is ray: tuning \(studyName(symbol)) on the cluster\n".utf8))
            let arguments = search.driverArguments(
                model: model.lowercased(), symbol: symbol, study: studyName(symbol), parallel: nil, config: options.config)
            let status = RayLauncher.run(
                ray: config.training.ray, address: nil, driverArguments: arguments, store: config.paths.models)
            if status != ExitStatus.ok { return status }
        }
        return ExitStatus.ok
    }

    func validate() throws {
        try search.check()
        guard TuneModel(rawValue: model.lowercased()) != nil else {
            if model.lowercased() == "ppo" { throw ValidationError(TuneError.modelNotTunable(kind: "ppo").description) }
            throw ValidationError("--model must be gru or lightgbm")
        }
        if let timeout, timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() throws {
        let context = try options.makeProgressContext(modelsDirectory: modelsDirectory)
        let kind = model.lowercased()
        let symbols = symbol.map { [$0.uppercased()] } ?? context.engine.config.data.symbols
        var flags = ""
        if let trials = search.trials { flags += " --trials \(trials)" }
        if let folds = search.folds { flags += " --folds \(folds)" }
        if let objective = search.objective { flags += " --objective \(objective)" }
        if let timeout { flags += " --timeout \(timeout)" }
        // `--study NAME` names one symbol's study; with several symbols each gets NAME_SYMBOL.
        func studyName(_ symbol: String) -> String {
            search.study.map { symbols.count > 1 ? "\($0)_\(symbol)" : $0 } ?? "\(kind)_\(symbol)"
        }
        var commands = symbols.map { "load \($0)" }
        var status: Int32
        if context.engine.config.training.runner == .ray {
            // The studies' trials run on the cluster; the studies and the final models stay here.
            status = tuneOnRay(context.engine.config, symbols: symbols, studyName: studyName)
            if status == ExitStatus.ok { status = Shell.runCommands(commands.joined(separator: "; "), context: context) }
        } else {
            for symbol in symbols {
                let name = studyName(symbol)
                commands.append("tune \(kind) \(symbol) --study \(name)\(flags)")
            }
            status = Shell.runCommands(commands.joined(separator: "; "), context: context)
        }
        guard status == ExitStatus.ok, !noTrain, !context.cancellation.isCancelled else {
            if status != ExitStatus.ok { throw ExitCode(status) }
            return
        }
        // The final model, once each study holds all its trials (a timed-out study is not tested yet).
        let budget = search.trials ?? context.engine.config.tune.trials
        for symbol in symbols {
            let name = studyName(symbol)
            guard let report = try? context.engine.study(named: name), report.trials.count >= budget, report.best != nil else {
                FileHandle.standardError.write(Data("study \(name) is not finished: not training the final model yet\n".utf8))
                continue
            }
            status = Shell.runCommands("train \(kind) \(symbol) --from-study \(name)", context: context)
            if status != ExitStatus.ok { throw ExitCode(status) }
        }
    }
}
