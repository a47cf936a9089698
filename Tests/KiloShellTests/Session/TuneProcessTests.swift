import Foundation
import KiloCore
import KiloTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `kilo tune` as a real process: SIGKILLed while a trial runs, the study file stays readable with
/// every finished trial, and the same command resumes it, marks the dead trial failed, finishes the
/// study and prints the best trial with its Deflated Sharpe Ratio and the test-split
/// Diebold–Mariano p-value.
@Suite(.serialized) struct TuneProcessTests {
    private func writeConfig(in folder: String) throws -> String {
        let path = folder + "/tune.yaml"
        try """
            data:
              dir: \(RepoPaths.data.path)
            paths:
              models: \(folder)/models
            models:
              lightgbm: {num_iterations: 30, early_stopping_round: 5, num_leaves: 7, min_data_in_leaf: 10}
            tune:
              trials: 6
              folds: 3
              parallel_trials: 1
              startup_trials: 3
              studies_dir: \(folder)/studies
              spaces:
                lightgbm:
                  num_leaves: {type: int, low: 3, high: 31}
                  learning_rate: {type: log-float, low: 0.01, high: 0.3}

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Polls the study until it holds `finished` finished trials and one running, the child ends or
    /// `timeout` passes; then SIGKILLs the child. Returns whether it was still running.
    private func killWhenTrialRuns(_ child: Process, study: String, finished: Int, timeout: TimeInterval = 300) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while child.isRunning, Date() < deadline {
            if FileManager.default.fileExists(atPath: study), let trials = try? StudyStore(readingAt: study).trials(),
                trials.filter({ $0.record.state != .running }).count >= finished,
                trials.contains(where: { $0.record.state == .running })
            {
                break
            }
            usleep(5_000)
        }
        let wasRunning = child.isRunning
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        return wasRunning
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func killedTuneResumesMarksTheDeadTrialFailedAndReportsTheStatistics() throws {
        let folder = NSTemporaryDirectory() + "kilo-tune-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = try writeConfig(in: folder)
        let study = folder + "/studies/lightgbm_BTCEUR.sqlite"
        let arguments = ["tune", "--config", config, "--model", "lightgbm", "--symbol", "BTCEUR"]

        let child = Process()
        child.executableURL = KiloProcess.executable
        child.arguments = arguments
        child.currentDirectoryURL = RepoPaths.root
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let wasRunning = killWhenTrialRuns(child, study: study, finished: 2)
        #expect(wasRunning, "kilo tune finished before it could be killed")
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)

        // The file opens and reads: the finished trials are there, the killed one is `running`.
        let killed = try StudyStore(readingAt: study).trials()
        let finished = killed.filter { $0.record.state == .complete || $0.record.state == .pruned }
        #expect(finished.count >= 2)
        let dead = killed.filter { $0.record.state == .running }.map(\.record.number)
        #expect(dead.count == 1, "\(killed.map(\.record.state))")

        let resumed = try KiloProcess.run(arguments)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let out = resumed.standardOutput
        #expect(out.contains("trial #\(dead.first ?? -1) was running when its process ended: marked failed"), "\(out)")
        #expect(out.contains("6 trials"))
        #expect(out.contains("best trial #") && out.contains("Deflated Sharpe Ratio"))
        #expect(out.contains("Diebold–Mariano test on the test split"), "\(out)\n\(resumed.standardError)")
        let after = try StudyStore(readingAt: study).trials()
        #expect(after.count == 6)
        for trial in finished {
            #expect(after.first { $0.record.number == trial.record.number } == trial, "a finished trial changed on resume")
        }
        let failed = after.first { $0.record.number == dead.first }
        #expect(failed?.record.state == .failed && failed?.record.failure == TuneRun.deadTrialReason)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func ppoIsRefusedWithTheReason() throws {
        let result = try KiloProcess.run(["tune", "--model", "ppo", "--symbol", "BTCEUR"])
        #expect(result.status != 0)
        // Argument parser wraps the message: compare it with the lines joined.
        let message = result.standardError.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(message.contains("ppo cannot be tuned yet") && message.contains("may follow"), "\(message)")
    }
}
