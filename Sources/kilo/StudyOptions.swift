import ArgumentParser
import KiloCore

/// The options that say which study a search fills and how (`kilo tune`, `kilo cluster tune`,
/// `kilo plan tune`): its size, folds, objective and name, each defaulting to its `tune.*` key.
/// One declaration serves the three commands' parsing, help and validation.
struct StudyOptions: ParsableArguments {
    @Option(name: .long, help: "Trials in the study in total (default: tune.trials).")
    var trials: Int?

    @Option(name: .long, help: "Walk-forward folds (at least 2; a study's folds per trial, default: tune.folds).")
    var folds: Int?

    @Option(name: .long, help: "net-sharpe, rmse or ic (default: tune.objective).")
    var objective: String?

    @Option(name: .long, help: "The study's name (default: MODEL_SYMBOL).")
    var study: String?

    /// The options' rules, checked by each command's `validate()` first (`kilo plan` checks them
    /// only for `plan tune`: its `--folds` also serves `plan walk-forward`).
    func check() throws {
        if let trials, trials < 1 { throw ValidationError("--trials must be at least 1") }
        if let folds, folds < 2 { throw ValidationError("--folds needs at least 2") }
        if let objective, TuneObjective(rawValue: objective) == nil {
            throw ValidationError("--objective must be one of \(TuneObjective.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let study, study.isEmpty || study.contains("/") || study.contains(" ") {
            throw ValidationError("--study must be a plain name (no spaces or slashes)")
        }
    }

    /// The driver's arguments for this study of `model` on `symbol` (`RayLauncher.tuneArguments`).
    func driverArguments(model: String, symbol: String, study: String?, parallel: Int?, config: String?) -> [String] {
        RayLauncher.tuneArguments(
            model: model, symbol: symbol, trials: trials, folds: folds, objective: objective, study: study,
            parallel: parallel, config: config)
    }
}
