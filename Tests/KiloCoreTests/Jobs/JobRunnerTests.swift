import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// `run-job` writes the local runner's bytes, refuses a job whose fingerprints differ (naming the
/// field), and reports a job that fails by itself with its reason.
@Suite struct JobRunnerTests {
    private let stamp = "20261206_010000"

    private func engine(models: String) throws -> Engine {
        var loaded = try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml"))
        loaded.config.paths.models = models
        return Engine(config: loaded)
    }

    private func temporaryFolder(_ name: String) -> String {
        NSTemporaryDirectory() + "kilo-jobs-\(name)-\(UUID().uuidString)"
    }

    private func lightgbmJob(symbols: [String] = [RepoPaths.path("data/BTCEUR_30m.csv")]) throws -> JobSpec {
        try #require(
            try engine(models: "unused").planJobs(.train, models: [.lightgbm], symbols: symbols, seed: 3, stamp: stamp).first)
    }

    @Test func jobsWriteTheLocalRunnersBytes() throws {
        let local = temporaryFolder("local")
        let remote = temporaryFolder("remote")
        defer {
            try? FileManager.default.removeItem(atPath: local)
            try? FileManager.default.removeItem(atPath: remote)
        }
        let engine = try engine(models: local)
        try engine.load(RepoPaths.path("data/BTCEUR_30m.csv"))
        let date = try #require(DateFormatter.stamp.date(from: stamp))
        let outcomes = try engine.train(ModelKind.allCases.map { ($0, "BTCEUR") }, seed: 7, date: date, workers: 2)
        #expect(outcomes.allSatisfy { (try? $0?.get()) != nil })
        let jobs = try engine.planJobs(.train, models: ModelKind.allCases, symbols: ["BTCEUR"], seed: 7, stamp: stamp)
        for job in jobs {
            let result = try JobRunner.run(job, folder: remote)
            #expect(result.status == .ok, "\(result.reason ?? "")")
            #expect(result.files.count == 4)
            #expect(FileManager.default.fileExists(atPath: JobResult.path(id: job.id, in: remote)))
            for file in result.files where !file.path.hasPrefix("manifests/") {
                let mine = Engine.hashFile(at: PathText.join(remote, file.path))
                #expect(mine == file.sha256)
                #expect(Engine.hashFile(at: PathText.join(local, file.path)) == mine, "\(file.path) differs from kilo train's")
            }
        }
    }

    @Test func aFoldJobScoresAsTheLocalWalkForwardFold() throws {
        let folder = temporaryFolder("fold")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try engine(models: folder)
        try engine.load(RepoPaths.path("data/BTCEUR_30m.csv"))
        let local = try engine.walkForward(.lightgbm, symbol: "BTCEUR", folds: 3, seed: 1, workers: 1)
        let jobs = try engine.planJobs(.walkForward(folds: 3), models: [.lightgbm], symbols: ["BTCEUR"], seed: 1, stamp: stamp)
        let result = try JobRunner.run(jobs[1], folder: folder)
        #expect(result.status == .ok && result.files.isEmpty)
        #expect(result.split == local.splits[1])
        let encoder = JobSpec.encoder
        #expect(try encoder.encode(result.report?.evaluations) == encoder.encode(local.folds[1].evaluations))
    }

    @Test func aJobWhoseFingerprintsDifferIsRefusedNamingTheField() throws {
        let folder = temporaryFolder("refused")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let job = try lightgbmJob()
        var otherData = job
        otherData.data.sha256 = String(repeating: "0", count: 64)
        var otherVersion = job
        otherVersion.kiloVersion = "0.0.9"
        var otherParams = job
        otherParams.params = .object(["num_iterations": .int(5)])
        for (changed, field) in [(otherData, "data.sha256"), (otherVersion, "kiloVersion"), (otherParams, "configHash")] {
            let result = try JobRunner.run(changed, folder: folder)
            #expect(result.status == .refused)
            #expect(result.reason?.hasPrefix("refusing job: \(field) is ") == true, "\(result.reason ?? "")")
            let written = try JobResult.parse(try Data(contentsOf: URL(fileURLWithPath: JobResult.path(id: job.id, in: folder))))
            #expect(written == result)
        }
        #expect(ModelStore.entries(in: folder).isEmpty, "a refused job trains nothing")
        let elsewhere = try JobRunner.run(job, folder: folder, dataPath: RepoPaths.path("data/ETHEUR_30m.csv"))
        #expect(elsewhere.status == .refused && elsewhere.reason?.contains("data.sha256") == true)
    }

    @Test func aJobWithCorruptDataFailsWithItsReason() throws {
        let folder = temporaryFolder("corrupt")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lines = try String(contentsOfFile: RepoPaths.path("data/BTCEUR_30m.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).prefix(900).map(String.init)
        var corrupt = lines
        corrupt[300] = corrupt[300].replacingOccurrences(of: ",", with: ",x", options: [], range: nil)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/BADEUR_30m.csv"
        try corrupt.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let job = try lightgbmJob(symbols: [path])
        let result = try JobRunner.run(job, folder: folder + "/out")
        #expect(result.status == .failed)
        #expect(result.reason?.contains("BADEUR_30m.csv:301") == true, "\(result.reason ?? "")")
        #expect(result.files.isEmpty && result.report == nil)
    }
}

extension DateFormatter {
    /// Parses `YYYYMMDD_HHMMSS` in UTC (the stamp in file names).
    fileprivate static var stamp: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd_HHmmss"
        return formatter
    }
}
