import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// `Engine.researchReport` on the 800-bar fixture with a tiny LightGBM model.
@Suite struct EngineReportTests {
    @Test func theReportPairsTheTradersPredictionsWithTheRealisedTargets() throws {
        var loaded = try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml"))
        let folder = NSTemporaryDirectory() + "kilo-report-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        loaded.config.paths.models = folder
        loaded.config.trading.modelWeights = ["lightgbm": 1]
        let engine = Engine(config: loaded)
        try engine.load(RepoPaths.path("Tests/Fixtures/shell/BTCSMALL_30m.csv"))
        let empty = try engine.researchReport(symbol: "btcsmall", now: 0)
        #expect(empty.models.isEmpty && empty.backtest == nil)
        #expect(empty.notes.first?.hasPrefix("no trained models for BTCSMALL") == true)
        #expect(empty.verdict.headline.hasPrefix("No regression model"))

        let trained = try engine.train(.lightgbm, symbol: "BTCSMALL", seed: 3)
        let report = try engine.researchReport(symbol: "BTCSMALL", now: 0)
        #expect(report.coverage.bars == 800 && report.coverage.gaps.isEmpty && report.coverage.expectedBars == 800)
        #expect(report.nan?.rows == 800)
        let model = try #require(report.models.first { $0.kind == .lightgbm })
        let test = try #require(trained.evaluations.first { $0.split == "test" })
        #expect(model.test?.model == test.model && model.test?.previousReturn == test.previousReturn)
        #expect(model.test?.zero.rmse == test.zero.rmse)
        #expect(!model.importances.isEmpty)
        let backtest = try #require(report.backtest)
        // One prediction per traded bar with a finite target (the last bar has none).
        #expect(model.predicted.count == model.realised.count)
        #expect(model.predicted.count == backtest.decisions.count - 1)
        #expect(model.calibration.count == 10)
        #expect(model.versusZero?.count == model.predicted.count)
        let features = try engine.features(for: "BTCSMALL")
        let first = try #require(backtest.decisions.first?.time)
        let row = try #require(features.matrix.timestamps.firstIndex(of: first))
        #expect(model.realised.first == features.matrix.target[row])
        #expect(backtest.equity.count == backtest.decisions.count)
        #expect(backtest.strategyDrawdown.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(report.verdict.evidence.count == 1)
    }
}
