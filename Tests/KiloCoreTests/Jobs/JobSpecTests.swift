import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// A job is one JSON line that reads back as the same value, names a missing or unusable field,
/// and lays its params over the config it carries.
@Suite struct JobSpecTests {
    private func job() throws -> JobSpec {
        let loaded = try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml"))
        let engine = Engine(config: loaded)
        let jobs = try engine.planJobs(
            .train, models: [.lightgbm], symbols: [RepoPaths.path("data/BTCEUR_30m.csv")], seed: 3,
            stamp: "20261206_010000")
        return try #require(jobs.first)
    }

    @Test func aJobIsOneLineThatReadsBackTheSame() throws {
        let job = try job()
        let line = try job.line()
        #expect(!line.contains("\n"))
        #expect(try JobSpec.parse(Data(line.utf8)) == job)
        #expect(line.hasPrefix(#"{"config":"#), "keys are sorted, so the same job is the same bytes")
    }

    @Test func aMissingOrUnusableFieldIsNamed() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(try job().line().utf8)) as? [String: Any])
        object["seed"] = nil
        let missing = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: JobError.invalid(field: "seed", reason: "is missing")) { try JobSpec.parse(missing) }
        object["seed"] = 3
        object["kind"] = "tune-everything"
        do {
            _ = try JobSpec.parse(try JSONSerialization.data(withJSONObject: object))
            Issue.record("an unknown kind was read")
        } catch let JobError.invalid(field, _) {
            #expect(field == "kind")
        }
        object["kind"] = "train"
        object["format"] = 9
        #expect(throws: JobError.unsupportedFormat(9, supported: 1)) {
            try JobSpec.parse(try JSONSerialization.data(withJSONObject: object))
        }
    }

    @Test func paramsAreLaidOverTheModelSection() throws {
        var job = try job()
        #expect(try job.effectiveConfig() == job.config, "a train job's params are its section: no change")
        job.params = .object(["num_iterations": .int(3)])
        let config = try job.effectiveConfig()
        #expect(config.models.lightgbm.numIterations == 3)
        #expect(config.models.lightgbm.numLeaves == job.config.models.lightgbm.numLeaves, "other keys keep the config's values")
        #expect(config.models.gru == job.config.models.gru)
        #expect(JobSpec.configHash(of: config) != job.configHash)
        job.params = .object(["num_iterations": .int(0)])
        #expect(throws: JobError.self) { try job.effectiveConfig() }
    }
}
