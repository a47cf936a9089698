import Foundation
import KiloCore
import KiloTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `kilo trade` as a real process: killed with SIGKILL mid-run, or stopped with SIGTERM, and started
/// again, it ends exactly where an uninterrupted run ends (same fills, same portfolio).
@Suite(.serialized) struct TradeProcessTests {
    /// Two configs that differ only in the journal path, with tiny models in a shared folder.
    private func writeConfigs(in folder: String) throws -> (reference: String, killed: String, terminated: String) {
        let tiny = try String(contentsOfFile: RepoPaths.path("Tests/Transcripts/training.yaml"), encoding: .utf8)
        func config(_ state: String) -> String {
            tiny + """

                data:
                  symbols: [BTCEUR, ETHEUR]
                paths:
                  models: \(folder)/models
                trading:
                  state_path: \(folder)/\(state).sqlite
                  fee: 0.0001
                  slippage: 0
                  base_thresholds: {BTCEUR: 0.00001, ETHEUR: 0.00001}

                """
        }
        let reference = folder + "/reference.yaml"
        let killed = folder + "/killed.yaml"
        let terminated = folder + "/terminated.yaml"
        try config("reference").write(toFile: reference, atomically: true, encoding: .utf8)
        try config("killed").write(toFile: killed, atomically: true, encoding: .utf8)
        try config("terminated").write(toFile: terminated, atomically: true, encoding: .utf8)
        return (reference, killed, terminated)
    }

    /// The journal's fills and portfolio as `kilo` prints them.
    private func ledger(_ config: String) throws -> String {
        let result = try KiloProcess.run([
            "--config", config, "--format", "csv", "-c", "load BTCEUR; load ETHEUR; trades 1000000; portfolio",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func killedOrTerminatedTradeProcessResumesToTheUninterruptedResult() throws {
        let folder = NSTemporaryDirectory() + "kilo-trade-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let configs = try writeConfigs(in: folder)
        let train = try KiloProcess.run(["train", "--config", configs.reference, "--seed", "5"])
        #expect(train.status == 0, "\(train.standardError)")

        let reference = try KiloProcess.run(["trade", "--config", configs.reference])
        #expect(reference.status == 0, "\(reference.standardError)")
        #expect(reference.standardOutput.contains(" buy "), "the tiny models should trade")

        let journal = folder + "/killed.sqlite"
        let child = Process()
        child.executableURL = KiloProcess.executable
        child.arguments = ["trade", "--config", configs.killed, "--pace", "3"]
        child.currentDirectoryURL = RepoPaths.root
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let wasRunning = KillChild.whenJournal(child, atPath: journal, reaches: 100, timeout: 120)
        #expect(wasRunning, "kilo trade finished before it could be killed")
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)
        let done = try TradingJournal.iterationCount(atPath: journal)
        #expect(done >= 100)

        let resumed = try KiloProcess.run(["trade", "--config", configs.killed])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("from iteration \(done + 1),"))
        let expected = try ledger(configs.reference)
        #expect(expected.split(separator: "\n").count > 10)
        #expect(try ledger(configs.killed) == expected)

        // SIGTERM (a service manager's stop): the iteration in progress finishes, the process says
        // why it stopped and exits 0 with the journal complete; a new run resumes after it.
        let terminatedJournal = folder + "/terminated.sqlite"
        let output = folder + "/terminated.out"
        #expect(FileManager.default.createFile(atPath: output, contents: nil))
        let stopped = Process()
        stopped.executableURL = KiloProcess.executable
        stopped.arguments = ["trade", "--config", configs.terminated, "--pace", "20"]
        stopped.currentDirectoryURL = RepoPaths.root
        stopped.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        stopped.standardError = FileHandle.nullDevice
        try stopped.run()
        let termed = KillChild.whenJournal(stopped, atPath: terminatedJournal, reaches: 30, timeout: 120, signal: SIGTERM)
        #expect(termed, "kilo trade finished before SIGTERM")
        #expect(stopped.terminationReason == .exit && stopped.terminationStatus == 0)
        let printed = try String(contentsOfFile: output, encoding: .utf8)
        let journaled = try TradingJournal.iterationCount(atPath: terminatedJournal)
        #expect(journaled >= 30)
        #expect(printed.contains("iterations (stopped by signal); \(journaled) in the journal\n"), "\(printed.suffix(400))")
        #expect(printed.contains("equity"), "the portfolio is printed after a SIGTERM stop")
        let afterTerm = try KiloProcess.run(["trade", "--config", configs.terminated])
        #expect(afterTerm.status == 0, "\(afterTerm.standardError)")
        #expect(afterTerm.standardOutput.contains("from iteration \(journaled + 1),"))
        #expect(try ledger(configs.terminated) == expected)
    }
}
