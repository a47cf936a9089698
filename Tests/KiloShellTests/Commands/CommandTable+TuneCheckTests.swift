import Foundation
import KiloCore
import KiloTestSupport
import Testing

@testable import KiloShell

/// `check tpe`: a hidden command (it runs, `help check tpe` describes it, but `help`, help
/// searches, the README reference and completion leave it out), in the shell and as `kilo check tpe`.
@Suite struct CommandTableTuneCheckTests {
    /// `line` run in a fresh shell with JSON output (it must succeed), its one object parsed.
    static func jsonObject(running line: String) throws -> [String: Any] {
        let harness = try ShellHarness()
        harness.context.settings.format = .json
        #expect(harness.run(line) == 0, "\(line)")
        let text = harness.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func isHiddenFromListingsButRuns() throws {
        let spec = try #require(CommandTable.byName["check tpe"])
        #expect(spec.isHidden)
        #expect(!CommandTable.listed.contains { $0.name == "check tpe" })
        #expect(CommandTable.listed.contains { $0.name == "check ppo-cartpole" })
        let overview = OutputRenderer.render(HelpRenderer.overview(), as: .table)
        #expect(!overview.contains("check tpe"))
        #expect(!CommandReference.markdown().contains("check tpe"))
        // Only the hidden command mentions "sampler", so a search finds nothing.
        #expect(throws: ShellError.self) { try HelpRenderer.help(for: ["sampler"]) }
        let help = OutputRenderer.render(try HelpRenderer.help(for: ["check", "tpe"]), as: .table)
        #expect(help.hasPrefix("usage: check tpe FUNCTION"))
        #expect(Completer.commandWords(after: ["check"], prefix: "") == ["ppo-cartpole"])
    }

    @Test func reportsTheSamplersBestValues() throws {
        let harness = try ShellHarness()
        #expect(harness.run("check tpe branin --trials 60 --seed 1") == 0)
        let text = harness.standardOutput
        #expect(text.contains("sampler:              tpe"))
        #expect(text.contains("best after 50 trials:"))
        #expect(text.contains("best after 60 trials:"))
        let expected = SamplerCheck.run(function: .branin, sampler: TPESampler(), samplerName: "tpe", trials: 60, seed: 1)
        #expect(text.contains(String(format: "%.6f", expected.best)))
    }

    @Test func kernelsChooseKilosOrOptunasEstimator() throws {
        for (option, rule) in [("", ParzenRule.kilo), (" --kernels kilo", .kilo), (" --kernels optuna", .optuna)] {
            let object = try Self.jsonObject(running: "check tpe mixed10 --trials 80 --seed 2" + option)
            let expected = SamplerCheck.run(
                function: .mixed10, sampler: TPESampler(rule: rule), samplerName: "tpe", trials: 80, seed: 2)
            // The JSON carries 17 significant digits: equal to the last bit but one.
            let best = try #require(object["best"] as? Double)
            #expect(abs(best - expected.best) <= 1e-15 * max(1, abs(expected.best)), "\(option)")
        }
        let kilo = SamplerCheck.run(function: .mixed10, sampler: TPESampler(), samplerName: "tpe", trials: 80, seed: 2)
        let optuna = SamplerCheck.run(
            function: .mixed10, sampler: TPESampler(rule: .optuna), samplerName: "tpe", trials: 80, seed: 2)
        #expect(kilo.best != optuna.best)
        #expect(try ShellHarness().run("check tpe mixed10 --kernels scott") != 0)
    }

    @Test func historyAddsTheSuggestionTime() throws {
        let object = try Self.jsonObject(running: "check tpe mixed10 --trials 5 --sampler random --history 100")
        #expect(object["sampler"] as? String == "random")
        #expect(object["trials"] as? Int == 5)
        let timing = try #require(object["timing"] as? [String: Any])
        #expect(timing["history"] as? Int == 100)
        #expect(timing["suggestions"] as? Int == SamplerCheck.timedSuggestions)
        #expect((timing["mean_ms"] as? Double).map { $0 > 0 } == true)
        #expect(timing["median_cpu_ms"] is Double)
    }

    @Test func foldsAddHowTheTrialsEnded() throws {
        let object = try Self.jsonObject(running: "check tpe branin --trials 40 --seed 1 --folds 5")
        let folds = try #require(object["folds"] as? [String: Any])
        let expected = try #require(
            SamplerCheck.run(function: .branin, sampler: TPESampler(), samplerName: "tpe", trials: 40, seed: 1, folds: 5)
                .folds)
        #expect(folds["count"] as? Int == 5)
        #expect(folds["complete"] as? Int == expected.complete)
        #expect(folds["pruned"] as? Int == expected.pruned)
        #expect(folds["folds_run"] as? Int == expected.foldsRun)
        let table = try ShellHarness()
        #expect(table.run("check tpe branin --trials 40 --seed 1 --folds 5") == 0)
        #expect(table.standardOutput.contains("5 per trial: \(expected.complete) complete, \(expected.pruned) pruned"))
        #expect(try ShellHarness().run("check tpe branin --folds 1") != 0)
    }

    @Test func processFormRunsTheSameCheck() throws {
        let result = try KiloProcess.run(["check", "tpe", "hartmann6", "--trials", "20", "--seed", "4", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let shell = try ShellHarness()
        shell.context.settings.format = .json
        #expect(shell.run("check tpe hartmann6 --trials 20 --seed 4") == 0)
        #expect(result.standardOutput == shell.standardOutput)
        let folded = try KiloProcess.run(
            ["check", "tpe", "branin", "--trials", "30", "--seed", "2", "--folds", "5", "--format", "json"])
        #expect(folded.status == 0, "\(folded.standardError)")
        let foldedShell = try ShellHarness()
        foldedShell.context.settings.format = .json
        #expect(foldedShell.run("check tpe branin --trials 30 --seed 2 --folds 5") == 0)
        #expect(folded.standardOutput == foldedShell.standardOutput)
        #expect(folded.standardOutput.contains("\"folds\""))
        #expect(try KiloProcess.run(["check", "tpe"]).status == 2)
        #expect(try KiloProcess.run(["check", "tpe", "rosenbrock"]).status == 2)
        #expect(try KiloProcess.run(["check", "ppo-cartpole", "branin"]).status == 2)
    }
}
