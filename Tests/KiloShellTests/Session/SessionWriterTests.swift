import Foundation
import KiloCore
import KiloTestSupport
import Testing

@testable import KiloShell

@Suite(.serialized) struct SessionWriterTests {
    private func temporaryFolder() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-sessions-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func savedSessionReplaysToTheSameOutput() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try ShellHarness(sessionsDirectory: folder)
        let commands = "set format json; load BTCEUR; load data/ADAEUR_30m.csv as ADA; validate; show data ADA 4; symbols; set seed 11; set"
        #expect(first.run(commands) == 0)
        #expect(first.run("nonsense; help; history") == 3, "a failure is not recorded")
        let original = first.standardOutput
        first.clear()
        #expect(first.run("save session roundtrip") == 0)
        let script = try String(contentsOfFile: folder + "/roundtrip.kilo", encoding: .utf8)
        #expect(!script.contains("nonsense") && !script.contains("help") && !script.contains("history"))
        #expect(script.contains("# kilo version: "))
        #expect(script.contains("# data: BTCEUR data/BTCEUR_30m.csv sha256=\(try #require(Engine.hashFile(at: "data/BTCEUR_30m.csv")))"))
        #expect(script.contains("# config: "))
        #expect(script.contains("# seed: config\nset format json\nload BTCEUR\nload data/ADAEUR_30m.csv as ADA\n"))

        let second = try ShellHarness(sessionsDirectory: folder)
        #expect(second.runScript(folder + "/roundtrip.kilo", echo: false) == 0)
        let firstLines = original.split(separator: "\n")
        let secondLines = second.standardOutput.split(separator: "\n")
        #expect(secondLines == firstLines)
    }

    @Test func aSeedGivenAtStartIsReplayed() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let harness = try ShellHarness(sessionsDirectory: folder)
        harness.context.settings.seed = 5
        let seeded = ShellContext(
            engine: harness.context.engine, settings: harness.context.settings, environment: [:], write: { _ in },
            writeError: { _ in })
        #expect(seeded.initialSeed == 5)
        let text = SessionWriter.render(context: seeded, name: "seeded")
        #expect(text.contains("# seed: 5\nset seed 5\n"))
    }

    @Test func replayResolvesNamesInTheSessionsFolder() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "set seed 3\n".write(toFile: folder + "/named.kilo", atomically: true, encoding: .utf8)
        let harness = try ShellHarness(sessionsDirectory: folder)
        #expect(harness.run("replay named; set seed") == 0)
        #expect(harness.standardOutput.contains("seed: 3"))
    }

    @Test func nestingIsLimited() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "replay loop.kilo\n".write(toFile: folder + "/loop.kilo", atomically: true, encoding: .utf8)
        let harness = try ShellHarness(sessionsDirectory: folder)
        #expect(harness.run("replay loop") == 3)
        #expect(harness.transcript.contains("would nest scripts 9 deep (the limit is 8)"))
    }

    @Test func stateSurvivesAFailedCommand() throws {
        let harness = try ShellHarness()
        harness.run("load BTCEUR")
        harness.run("load Tests/Fixtures/shell/bad_cell.csv")
        harness.clear()
        #expect(harness.run("show data BTCEUR 1") == 0)
        #expect(harness.standardOutput.contains("98040.32"))
    }
}
