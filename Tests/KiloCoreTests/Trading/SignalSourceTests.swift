import Testing

@testable import KiloCore

@Suite struct SignalSourceTests {
    let weights = TradingConfig().modelWeights

    @Test func ensembleWeightsAllModels() throws {
        let e = try #require(
            Ensemble.combine([.gru: 0.01, .lightgbm: 0.02, .ppo: -0.03], weights: weights))
        #expect(abs(e - (0.45 * 0.01 + 0.45 * 0.02 - 0.10 * 0.03)) < 1e-15)
    }

    @Test func ensembleRenormalisesOverModelsPresent() throws {
        let e = try #require(Ensemble.combine([.gru: 0.01, .ppo: 0.04], weights: weights))
        #expect(abs(e - (0.45 * 0.01 + 0.10 * 0.04) / 0.55) < 1e-15)
        let one = try #require(Ensemble.combine([.ppo: -0.02], weights: weights))
        #expect(abs(one + 0.02) < 1e-15)
        #expect(Ensemble.combine([:], weights: weights) == nil)
        #expect(Ensemble.combine([.gru: .nan], weights: weights) == nil)
        #expect(Ensemble.combine([.gru: 1], weights: ["gru": 0]) == nil)
    }

    @Test func signalCrossesTheThresholdStrictly() {
        #expect(TradeSignal(ensemble: 0.002, threshold: 0.001) == .buy)
        #expect(TradeSignal(ensemble: 0.001, threshold: 0.001) == .hold)
        #expect(TradeSignal(ensemble: -0.0011, threshold: 0.001) == .sell)
    }

    @Test func thresholdIsCostFloorTimesClampedVolatilityRatio() {
        // max(0.0001, 0.003) × clamp(0.01 / 0.02 = 0.5)
        #expect(
            SignalThreshold.value(
                base: 0.0001, roundTripCost: 0.003, recentVolatility: 0.01,
                referenceVolatility: 0.02) == 0.0015)
        // base above the cost floor, ratio 1.5
        #expect(
            abs(
                SignalThreshold.value(
                    base: 0.004, roundTripCost: 0.003, recentVolatility: 0.03,
                    referenceVolatility: 0.02) - 0.006) < 1e-15)
        // clamped at 2 and at 0.5
        #expect(SignalThreshold.multiplier(recent: 1, reference: 0.01) == 2)
        #expect(SignalThreshold.multiplier(recent: 0.0001, reference: 0.01) == 0.5)
        // unknown volatility leaves the multiplier at 1
        #expect(SignalThreshold.multiplier(recent: nil, reference: 0.01) == 1)
        #expect(SignalThreshold.multiplier(recent: 0.01, reference: 0) == 1)
    }

    @Test func volatilityIsSampleStdOfPercentChanges() throws {
        let close = [100.0, 101, 99, 102]
        // numpy: statistics.stdev([0.01, -0.0198.., 0.0303..])
        let all = try #require(Volatility.returnStd(close: close, changes: 1..<4))
        #expect(abs(all - 0.025202126697692503) < 1e-15)
        let recent = try #require(Volatility.recent(close: close, endingAt: 3, window: 2))
        #expect(abs(recent - 0.035429592696715695) < 1e-15)
        #expect(Volatility.recent(close: close, endingAt: 1, window: 20) == nil)
        #expect(Volatility.reference(close: close, bars: 0..<4) == all)
    }

    @Test func recentVolatilityNeverReadsPastTheIndex() {
        let close = [100.0, 101, 99, 102, 500]
        #expect(
            Volatility.recent(close: close, endingAt: 3, window: 20)
                == Volatility.recent(close: Array(close.prefix(4)), endingAt: 3, window: 20))
    }
}
