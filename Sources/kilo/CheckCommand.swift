import ArgumentParser
import Foundation
import KiloCore
import KiloShell

/// `kilo check ppo-cartpole [--timesteps N] [--seed S]`: the PPO self-check as a process (the
/// seed is the global `--seed`, 0 when not given).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Run a self-check: ppo-cartpole trains PPO on CartPole-v1.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The check to run: ppo-cartpole.")
    var name: String

    @Option(name: .long, help: "Environment steps to train.")
    var timesteps: Int = 100_000

    func validate() throws {
        guard name == "ppo-cartpole" else { throw ValidationError("unknown check '\(Excerpt.of(name))'; the checks are: ppo-cartpole") }
    }

    func run() throws {
        Interrupts.install()
        guard let context = options.makeContext() else { throw ExitCode(ExitStatus.badInvocation) }
        let status = Shell.runCommands("check ppo-cartpole --timesteps \(timesteps) --seed \(options.seed ?? 0)", context: context)
        if status != ExitStatus.ok { throw ExitCode(status) }
    }
}
