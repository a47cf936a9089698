import Foundation
import KiloTestSupport
import Testing

/// `kilo plan` and `kilo run-job` as processes: a planned job writes the bytes `kilo train` writes,
/// a job with another data hash is refused naming the field, an unreadable job exits 2.
@Suite struct JobCommandsTests {
    private func sha(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        return String(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
    }

    @Test func aPlannedJobWritesWhatKiloTrainWrites() throws {
        let folder = NSTemporaryDirectory() + "kilo-runjob-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = ["--config", "Tests/Transcripts/training.yaml", "--seed", "5"]
        let plan = try KiloProcess.run(
            ["plan", "train", "--model", "lgbm", "--symbol", "DOTEUR", "--stamp", "20261206_010000", "--out", folder + "/jobs.jsonl"]
                + config)
        #expect(plan.status == 0, "\(plan.standardError)")
        #expect(plan.standardError == "planned 1 jobs in \(folder)/jobs.jsonl\n")
        let line = try String(contentsOfFile: folder + "/jobs.jsonl", encoding: .utf8)
        try line.write(toFile: folder + "/job.json", atomically: true, encoding: .utf8)
        let run = try KiloProcess.run(["run-job", folder + "/job.json", "--out", folder + "/remote"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("train_lightgbm_DOTEUR_20261206_010000: ok, 4 files in "))
        let train = try KiloProcess.run(
            ["train", "--model", "lightgbm", "--symbol", "DOTEUR", "--models-dir", folder + "/local"] + config)
        #expect(train.status == 0, "\(train.standardError)")
        let local = try FileManager.default.contentsOfDirectory(atPath: folder + "/local")
        for prefix in ["lightgbm_model_DOTEUR_", "preprocessor_DOTEUR_"] {
            let mine = try #require(try FileManager.default.contentsOfDirectory(atPath: folder + "/remote").first { $0.hasPrefix(prefix) })
            let theirs = try #require(local.first { $0.hasPrefix(prefix) })
            #expect(try sha(folder + "/remote/" + mine) == sha(folder + "/local/" + theirs), "\(prefix) differs")
        }
        // The same job with another data file's hash is refused, naming the field.
        let tampered = line.replacingOccurrences(
            of: #""sha256":"[0-9a-f]{64}""#, with: "\"sha256\":\"" + String(repeating: "a", count: 64) + "\"",
            options: .regularExpression)
        try tampered.write(toFile: folder + "/bad.json", atomically: true, encoding: .utf8)
        let refused = try KiloProcess.run(["run-job", folder + "/bad.json", "--out", folder + "/remote"])
        #expect(refused.status == 3)
        #expect(refused.standardError.contains("refused: refusing job: data.sha256 is 'aaaa"), "\(refused.standardError)")
        let unreadable = try KiloProcess.run(["run-job", folder + "/none.json", "--out", folder + "/remote"])
        #expect(unreadable.status == 2)
    }
}
