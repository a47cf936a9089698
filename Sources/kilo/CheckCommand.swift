import ArgumentParser
import Foundation
import KiloCore
import KiloShell

/// `kilo check ppo-cartpole [--timesteps N]` and `kilo check tpe FUNCTION [--trials N]
/// [--sampler tpe|random] [--folds K] [--history N] [--candidates N] [--kernels kilo|optuna]`: the self-checks as a process (the seed is the global
/// `--seed`, 0 when not given).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Run a self-check: ppo-cartpole trains PPO on CartPole-v1.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The check to run: ppo-cartpole.")
    var name: String

    @Argument(help: ArgumentHelp("The test function of `check tpe`: branin, hartmann6 or mixed10.", visibility: .hidden))
    var function: String?

    @Option(name: .long, help: "Environment steps to train.")
    var timesteps: Int = 100_000

    @Option(name: .long, help: ArgumentHelp("Trials of `check tpe`.", visibility: .hidden))
    var trials: Int = 200

    @Option(name: .long, help: ArgumentHelp("Sampler of `check tpe`: tpe or random.", visibility: .hidden))
    var sampler: String = "tpe"

    @Option(name: .long, help: ArgumentHelp("`check tpe`: score each trial on K folds, with the median pruner.", visibility: .hidden))
    var folds: Int?

    @Option(name: .long, help: ArgumentHelp("`check tpe`: also time suggestions with N finished trials.", visibility: .hidden))
    var history: Int?

    @Option(name: .long, help: ArgumentHelp("`check tpe`: TPE draws per suggestion (tune.tpe_candidates).", visibility: .hidden))
    var candidates: Int?

    @Option(name: .long, help: ArgumentHelp("`check tpe`: TPE kernels, kilo or optuna (tune.tpe_kernels).", visibility: .hidden))
    var kernels: String?

    func validate() throws {
        switch name {
        case "ppo-cartpole":
            guard function == nil else { throw ValidationError("ppo-cartpole takes no further argument") }
        case "tpe":
            let names = TuneTestFunction.all.map(\.name)
            guard let function, names.contains(function) else {
                throw ValidationError("check tpe needs a function: \(names.joined(separator: ", "))")
            }
        default:
            throw ValidationError("unknown check '\(Excerpt.of(name))'; the checks are: ppo-cartpole")
        }
    }

    func run() throws {
        Interrupts.install()
        guard let context = options.makeContext() else { throw ExitCode(ExitStatus.badInvocation) }
        let seed = options.seed ?? 0
        let line: String
        if name == "tpe" {
            line = "check tpe \(function ?? "") --trials \(trials) --seed \(seed) --sampler \(sampler)"
                + (folds.map { " --folds \($0)" } ?? "") + (history.map { " --history \($0)" } ?? "")
                + (candidates.map { " --candidates \($0)" } ?? "") + (kernels.map { " --kernels \($0)" } ?? "")
        } else {
            line = "check ppo-cartpole --timesteps \(timesteps) --seed \(seed)"
        }
        let status = Shell.runCommands(line, context: context)
        if status != ExitStatus.ok { throw ExitCode(status) }
    }
}
