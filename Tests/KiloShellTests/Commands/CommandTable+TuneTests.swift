import Foundation
import KiloCore
import KiloTestSupport
import Testing

@testable import KiloShell

/// `tune`, `studies`, `inspect study`, `plot study`, `export study` and `train --from-study` through the shell on
/// the embedded BTCEUR data with tiny models.
@Suite(.serialized) struct CommandTableTuneTests {
    private func harness() throws -> (ShellHarness, String) {
        let folder = NSTemporaryDirectory() + "kilo-tune-shell-\(UUID().uuidString)"
        return (try ShellHarness(sessionsDirectory: folder, config: "Tests/Transcripts/tune.yaml"), folder)
    }

    @Test func tuneInspectPlotAndTrainFromStudy() throws {
        let (shell, folder) = try harness()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(shell.run("load BTCEUR; tune lightgbm BTCEUR") == ExitStatus.ok, "\(shell.transcript)")
        let tuned = shell.standardOutput
        #expect(tuned.contains("study lightgbm_BTCEUR"))
        #expect(tuned.contains("4 trials"))
        #expect(tuned.contains("best trial #"))
        #expect(tuned.contains("Deflated Sharpe Ratio"))
        #expect(FileManager.default.fileExists(atPath: folder + "/studies/lightgbm_BTCEUR.sqlite"))

        shell.clear()
        #expect(shell.run("tune lightgbm BTCEUR --trials 6") == ExitStatus.ok, "\(shell.transcript)")
        #expect(shell.standardOutput.contains("6 trials") && shell.standardOutput.contains("this run 2"))

        shell.clear()
        #expect(shell.run("studies") == ExitStatus.ok)
        #expect(shell.standardOutput.contains("lightgbm_BTCEUR") && shell.standardOutput.contains("net-sharpe"))

        shell.clear()
        #expect(shell.run("inspect study lightgbm_BTCEUR") == ExitStatus.ok, "\(shell.transcript)")
        let inspected = shell.standardOutput
        #expect(inspected.contains("parameter effects") && inspected.contains("num_leaves"))
        #expect(inspected.contains("min_data_in_leaf") && inspected.contains("best so far"))
        #expect(inspected.contains { "▁▂▃▄▅▆▇█".contains($0) }, "no sparkline")

        let svg = folder + "/study.svg"
        shell.clear()
        #expect(shell.run("plot study lightgbm_BTCEUR \(svg)") == ExitStatus.ok, "\(shell.transcript)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg") && text.contains("best so far") && text.contains("<circle"))

        // The canonical export: one line, every trial, no creation time or durations.
        let exported = folder + "/study.json"
        shell.clear()
        #expect(shell.run("export study lightgbm_BTCEUR \(exported)") == ExitStatus.ok, "\(shell.transcript)")
        #expect(shell.standardOutput.contains("wrote study lightgbm_BTCEUR: 6 trials"))
        let json = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(json.hasPrefix("{\"study\":{") && json.hasSuffix("}\n") && json.filter { $0 == "\n" }.count == 1)
        #expect(json.components(separatedBy: "\"foldValues\"").count == 7)
        #expect(!json.contains("\"created\"") && !json.contains("\"duration\""))

        shell.clear()
        #expect(shell.run("train lightgbm BTCEUR --from-study lightgbm_BTCEUR") == ExitStatus.ok, "\(shell.transcript)")
        let trained = shell.standardOutput
        #expect(trained.contains("from study lightgbm_BTCEUR: best trial #"))
        #expect(trained.contains("test") && trained.contains("zero"), "the test split beside the baselines")
        #expect(trained.contains("Diebold–Mariano"))
        #expect(trained.contains("Deflated Sharpe Ratio"))
        let models = try FileManager.default.contentsOfDirectory(atPath: folder + "/models")
        #expect(models.contains { $0.hasPrefix("lightgbm_model_BTCEUR_") })

        // The research report shows the study's history.
        let html = folder + "/report.html"
        shell.clear()
        #expect(shell.run("report BTCEUR \(html)") == ExitStatus.ok, "\(shell.transcript)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("id=\"tuning\"") && page.contains("lightgbm_BTCEUR"))
    }

    @Test func refusalsNameWhatIsWrong() throws {
        let (shell, folder) = try harness()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(shell.run("load BTCEUR; tune ppo BTCEUR") != ExitStatus.ok)
        #expect(shell.transcript.contains("ppo cannot be tuned yet") && shell.transcript.contains("may follow"))
        shell.clear()
        #expect(shell.run("inspect study lightgbm_BTCEUX") != ExitStatus.ok)
        #expect(shell.transcript.contains("no study 'lightgbm_BTCEUX'"))
        shell.clear()
        #expect(shell.run("tune lightgbm BTCEUR --trials 2 --folds 2") == ExitStatus.ok, "\(shell.transcript)")
        shell.clear()
        #expect(shell.run("tune lightgbm BTCEUR --trials 3 --objective rmse") != ExitStatus.ok)
        #expect(shell.transcript.contains("different objective"), "\(shell.transcript)")
        shell.clear()
        #expect(shell.run("train gru BTCEUR --from-study lightgbm_BTCEUR") != ExitStatus.ok)
        #expect(shell.transcript.contains("tuned lightgbm, not gru"))
    }
}
