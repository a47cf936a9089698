import Testing

@testable import KiloCore

/// A trader never acts on a half-loaded ensemble in silence.
@Suite struct EnsembleCheckTests {
    private let lightgbm = ModelOmission(symbol: "BTCEUR", model: .lightgbm, weight: 0.45, reason: "'x.txt' cannot be loaded")

    @Test func aWeightedModelLeftOutIsRefusedByDefault() {
        do {
            _ = try EnsembleCheck.check(symbol: "BTCEUR", models: [.gru, .ppo], omissions: [lightgbm], config: TradingConfig())
            Issue.record("an incomplete ensemble was accepted")
        } catch {
            #expect(error == .incompleteEnsemble(symbol: "BTCEUR", omissions: [lightgbm]))
            #expect(
                "\(error)".hasPrefix(
                    "refusing to trade BTCEUR on an incomplete ensemble: lightgbm (weight 0.45): 'x.txt' cannot be loaded ("))
        }
    }

    @Test func allowedItReportsTheRenormalisedWeights() throws {
        var config = TradingConfig()
        config.requireAllModels = false
        let report = try EnsembleCheck.check(symbol: "BTCEUR", models: [.gru, .ppo], omissions: [lightgbm], config: config)
        #expect(
            report.warnings == [
                "BTCEUR lightgbm (weight 0.45) left out: 'x.txt' cannot be loaded",
                "BTCEUR trades without lightgbm on renormalised weights gru 0.8182, ppo 0.1818",
            ])
        let none = try EnsembleCheck.check(
            symbol: "BTCEUR", models: [], omissions: ModelKind.allCases.map {
                ModelOmission(symbol: "BTCEUR", model: $0, weight: config.weight(of: $0), reason: "no trained model")
            }, config: config)
        #expect(none.warnings.last == "BTCEUR has no weighted model left (without gru, lightgbm, ppo); it will not trade")
    }

    @Test func aModelOfZeroWeightLeftOutIsOnlyANote() throws {
        var config = TradingConfig()
        config.modelWeights = ["gru": 0.5, "lightgbm": 0.5, "ppo": 0]
        let ppo = ModelOmission(symbol: "ETHEUR", model: .ppo, weight: 0, reason: "no trained model")
        let report = try EnsembleCheck.check(symbol: "ETHEUR", models: [.gru, .lightgbm], omissions: [ppo], config: config)
        #expect(report.warnings.isEmpty && report.notes == ["ETHEUR ppo (weight 0.0) left out: no trained model"])
    }

    @Test func requireAllModelsIsAConfigKeyDefaultingToTrue() throws {
        #expect(TradingConfig().requireAllModels)
        let loaded = try ConfigLoader.parse("trading:\n  require_all_models: false\n", path: "test.yaml")
        #expect(!loaded.config.trading.requireAllModels)
    }
}
