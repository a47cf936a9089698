import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// `plan` writes one job per independent unit with the data's fingerprint, the seed and the stamp.
@Suite struct JobPlannerTests {
    private func engine() throws -> Engine {
        Engine(config: try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml")))
    }

    @Test func trainPlansOneJobPerSymbolAndModel() throws {
        let engine = try engine()
        let paths = ["BTCEUR", "ETHEUR"].map { RepoPaths.path("data/\($0)_30m.csv") }
        let jobs = try engine.planJobs(.train, models: ModelKind.allCases, symbols: paths, seed: nil, stamp: "20261206_010000")
        #expect(jobs.count == 6)
        #expect(jobs.map(\.id).first == "train_gru_BTCEUR_20261206_010000")
        #expect(Set(jobs.map(\.id)).count == 6)
        for job in jobs {
            #expect(job.kind == .train && job.fold == nil && job.kiloVersion == Kilo.version)
            #expect(job.data.sha256 == Engine.hashFile(at: job.data.path))
            #expect(job.data.name == "\(job.symbol)_30m.csv")
            #expect(job.configHash == JobSpec.configHash(of: try job.effectiveConfig()))
        }
        // Without --seed each job carries its model's configured seed.
        #expect(jobs.first { $0.model == "gru" }?.seed == UInt64(engine.config.models.gru.seed))
        #expect(jobs.first { $0.model == "lightgbm" }?.seed == engine.config.models.lightgbm.seed)
        let seeded = try engine.planJobs(.train, models: [.gru], symbols: ["BTCEUR"], seed: 11, stamp: "20261206_010000")
        #expect(seeded.map(\.seed) == [11] && seeded.first?.symbol == "BTCEUR")
    }

    @Test func walkForwardPlansOneJobPerFold() throws {
        let jobs = try engine().planJobs(
            .walkForward(folds: 3), models: [.lightgbm], symbols: ["BTCEUR"], seed: 1, stamp: "20261206_010000")
        #expect(jobs.map(\.id) == (1...3).map { "wf\($0)of3_lightgbm_BTCEUR_20261206_010000" })
        #expect(jobs.map(\.fold) == [0, 1, 2] && jobs.allSatisfy { $0.folds == 3 && $0.kind == .walkForwardFold })
    }

    @Test func unplannableRequestsAreRefused() throws {
        let engine = try engine()
        #expect(throws: JobError.self) {
            try engine.planJobs(.walkForward(folds: 3), models: [.ppo], symbols: ["BTCEUR"], seed: nil, stamp: "20261206_010000")
        }
        #expect(throws: JobError.self) {
            try engine.planJobs(.walkForward(folds: 1), models: [.gru], symbols: ["BTCEUR"], seed: nil, stamp: "20261206_010000")
        }
        #expect(throws: DataError.self) {
            try engine.planJobs(.train, models: [.gru], symbols: ["NOSUCH"], seed: nil, stamp: "20261206_010000")
        }
    }
}
