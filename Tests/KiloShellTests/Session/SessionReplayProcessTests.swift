import Foundation
import KiloTestSupport
import Testing

/// A saved session that loads, trains, steps the trader and backtests, replayed in a new `kilo`
/// process from a clean models folder and journal, prints what the original printed.
@Suite(.serialized) struct SessionReplayProcessTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func replayInANewProcessReproducesTrainingAndTrading() throws {
        let folder = NSTemporaryDirectory() + "kilo-replay-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Tests/Transcripts/trading.yaml's tiny models and low threshold, with this test's own paths.
        let tiny = try String(contentsOfFile: RepoPaths.path("Tests/Transcripts/trading.yaml"), encoding: .utf8)
        let config = folder + "/config.yaml"
        try (tiny + """
              state_path: \(folder)/state/trader.sqlite
            paths:
              models: \(folder)/models
              sessions: \(folder)/sessions

            """).write(toFile: config, atomically: true, encoding: .utf8)

        let commands = [
            "set clock 2024-09-10T00:00Z", "set seed 3", "load Tests/Fixtures/shell/BTCSMALL_30m.csv",
            "validate", "features BTCSMALL", "train all BTCSMALL", "step trader 30", "portfolio", "trades 5",
            "backtest BTCSMALL",
        ]
        let original = try KiloProcess.run(["--config", config, "-c", (commands + ["save session s"]).joined(separator: "; ")])
        #expect(original.status == 0, "\(original.standardError)")
        #expect(original.standardOutput.contains(" buy "), "the session should trade")
        let script = folder + "/sessions/s.kilo"
        #expect(FileManager.default.fileExists(atPath: script))

        // A clean slate, as on another machine: no models, no journal.
        try FileManager.default.removeItem(atPath: folder + "/models")
        try FileManager.default.removeItem(atPath: folder + "/state")
        let replayed = try KiloProcess.run(["--config", config, "replay", script])
        #expect(replayed.status == 0, "\(replayed.standardError)")

        let echoed = replayed.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\(script):") }.joined(separator: "\n")
        let saved = original.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("saved \(commands.count) commands to ") }.joined(separator: "\n")
        let expected = TranscriptTests.normalized(saved)
        let actual = TranscriptTests.normalized(echoed)
        #expect(expected.split(separator: "\n").count > 40)
        // Same process kind, same kernel, same seed: the replay must print the same text exactly.
        #expect(actual == expected, "\(TranscriptComparison.differences(expected: expected, actual: actual, limit: 3))")
    }
}
