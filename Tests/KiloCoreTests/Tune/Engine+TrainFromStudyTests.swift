import Foundation
import Testing

@testable import KiloCore

/// The final model from a study: the best trial's parameters and seed, the test split once, the
/// two statistics.
@Suite struct EngineTrainFromStudyTests {
    @Test func trainsTheBestTrialAndTestsItOnce() throws {
        let engine = try EngineTuneTests.engine(parallel: 2)
        var loaded = engine.configInfo
        loaded.config.paths.models = NSTemporaryDirectory() + "kilo-from-study-\(UUID().uuidString)"
        let trainer = Engine(config: loaded)
        try trainer.load(try #require(engine.datasets["BTCEUR"]?.series.source.path))
        let outcome = try trainer.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 4, folds: 2))
        let report = try trainer.train(.lightgbm, symbol: "BTCEUR", fromStudy: outcome.header.name)
        let best = try #require(TuneRun.best(outcome.trials, direction: .maximize))
        #expect(report.trial == best)
        #expect(report.training.seed == best.record.seed)
        #expect(report.training.evaluations.map(\.split) == ["validation", "test"])
        #expect(report.training.files.count == 4, "the model, preprocessor, metadata and manifest")
        let dm = try #require(report.dieboldMariano)
        #expect(dm.pValue >= 0 && dm.pValue <= 1)
        #expect(report.selection?.trialCount == outcome.trials.filter { $0.netSharpe != nil }.count)
        #expect(report.showsEdge() == ((report.selection?.deflated?.probability ?? 0) > 0.95 || dm.pValue < 0.05))
    }

    @Test func refusesAStudyOfAnotherModelOrWithoutACompleteTrial() throws {
        let engine = try EngineTuneTests.engine(parallel: 1)
        let outcome = try engine.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 1, folds: 2, timeout: 0))
        #expect(throws: TuneError.noCompleteTrial(study: outcome.header.name)) {
            try engine.train(.lightgbm, symbol: "BTCEUR", fromStudy: outcome.header.name)
        }
        #expect(throws: TuneError.wrongStudy(study: outcome.header.name, reason: "tuned lightgbm, not gru")) {
            try engine.train(.gru, symbol: "BTCEUR", fromStudy: outcome.header.name)
        }
        #expect(throws: TuneError.self) { try engine.train(.lightgbm, symbol: "BTCEUR", fromStudy: "nothing") }
    }
}
