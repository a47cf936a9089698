import Foundation
import Testing
import Yams

@testable import KiloCore

@Suite struct TradingConfigTests {
    @Test func defaultsAreTheOriginals() {
        let c = TradingConfig()
        #expect(c.initialBalance == 10_000 && c.fee == 0.001 && c.slippage == 0.0005)
        #expect(
            c.maxPositionSize == 0.1 && c.minTradeValue == 5 && c.stopLoss == 0.02
                && c.takeProfit == 0.04)
        #expect(c.maxDrawdown == 0.1 && c.maxPositions == 3 && c.positionTimeoutBars == 48)
        #expect(
            c.weight(of: .gru) == 0.45 && c.weight(of: .lightgbm) == 0.45
                && c.weight(of: .ppo) == 0.10)
        #expect(
            c.baseThreshold(for: "BTCEUR") == 0.00008 && c.baseThreshold(for: "ADAEUR") == 0.00012)
        #expect(c.baseThreshold(for: "DOTEUR") == 0.0001)
        #expect(c.volatilityWindow == 20 && c.statePath == "state/trader.sqlite")
        #expect(abs(c.roundTripCost - 0.003) < 1e-15)
    }

    @Test func missingKeysKeepDefaultsAndPresentOnesApply() throws {
        let yaml = """
            fee: 0.002
            max_positions: 5
            model_weights: {gru: 1, lightgbm: 0}
            base_thresholds: {btceur: 0.001}
            """
        let c = try YAMLDecoder().decode(TradingConfig.self, from: yaml)
        #expect(c.fee == 0.002 && c.maxPositions == 5 && c.slippage == 0.0005)
        #expect(c.weight(of: .gru) == 1 && c.weight(of: .ppo) == 0)
        #expect(c.baseThreshold(for: "BTCEUR") == 0.001)
        try c.validate(prefix: "trading")
    }

    @Test func everyKeyRoundTrips() throws {
        var c = TradingConfig()
        c.initialBalance = 1
        c.positionTimeoutBars = 7
        c.statePath = "x.sqlite"
        let text = try YAMLEncoder().encode(c)
        for key in TradingConfig.keys.map(\.name) {
            #expect(text.contains(key), "\(key)")
        }
        #expect(try YAMLDecoder().decode(TradingConfig.self, from: text) == c)
    }

    @Test(arguments: [
        ("fee", "trading.fee"), ("weights", "trading.model_weights"),
        ("positions", "trading.max_positions"),
        ("window", "trading.volatility_window"), ("drawdown", "trading.max_drawdown"),
        ("size", "trading.max_position_size"), ("path", "trading.state_path"),
    ])
    func validationNamesTheKey(_ what: String, _ key: String) {
        var c = TradingConfig()
        switch what {
        case "fee": c.fee = -1
        case "weights": c.modelWeights["lstm"] = 1
        case "positions": c.maxPositions = 0
        case "window": c.volatilityWindow = 1
        case "drawdown": c.maxDrawdown = 1
        case "size": c.maxPositionSize = 1.5
        default: c.statePath = ""
        }
        do {
            try c.validate(prefix: "trading")
            Issue.record("expected an error for \(what)")
        } catch {
            guard case .invalidValue(let got, _, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(got == key)
        }
    }
}
