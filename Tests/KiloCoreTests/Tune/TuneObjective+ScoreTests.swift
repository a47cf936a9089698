import Foundation
import Testing

@testable import KiloCore

/// The objectives on hand-computed values.
@Suite struct TuneObjectiveScoreTests {
    @Test func netReturnsChargeTheFeeOnEveryChangeOfSign() {
        // signs +1, +1, −1, 0, −1 (entering from flat costs one unit of fee).
        let net = TuneScore.netReturns(
            predictions: [0.5, 0.1, -0.2, 0, -3], actual: [0.01, -0.02, -0.03, 0.04, 0.05], fee: 0.001)
        let expected = [0.01 - 0.001, -0.02, 0.03 - 0.002, 0 - 0.001, -0.05 - 0.001]
        #expect(net.count == 5)
        for (a, b) in zip(net, expected) { #expect(abs(a - b) < 1e-15) }
    }

    @Test func nonFinitePairsAreLeftOut() {
        let net = TuneScore.netReturns(predictions: [1, .nan, -1], actual: [0.01, 0.02, .infinity], fee: 0)
        #expect(net == [0.01])
    }

    @Test func sharpeIsMeanOverPopulationStd() {
        // values 1, 2, 3, 6: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5.
        #expect(abs(TuneScore.sharpe([1, 2, 3, 6]) - 3 / 3.5.squareRoot()) < 1e-15)
        #expect(TuneScore.sharpe([0, 0, 0]) == 0)
        #expect(TuneScore.sharpe([1]) == 0)
    }

    @Test func netSharpeFoldValue() {
        // signs +, +, −: net = 0.02 − 0.001, 0.01, 0.01 − 0.002 = 0.019, 0.01, 0.008.
        let value = TuneObjective.netSharpe.foldValue(predictions: [1, 2, -1], actual: [0.02, 0.01, -0.01], fee: 0.001)
        let net = [0.019, 0.01, 0.008]
        let mean = net.reduce(0, +) / 3
        let std = (net.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        #expect(abs(value - mean / std) < 1e-12)
        #expect(abs(value - 2.5779) < 1e-4)
    }

    @Test func rmseAndRankIC() {
        // errors 1, −1, 2 → sqrt(6/3).
        #expect(abs(TuneObjective.rmse.foldValue(predictions: [1, 2, 5], actual: [0, 3, 3], fee: 0) - 2.0.squareRoot()) < 1e-15)
        // ranks x 1,2,3,4 vs y 1,3,2,4: d² = 0+1+1+0 = 2, ρ = 1 − 6·2/(4·15) = 0.8.
        #expect(abs(TuneObjective.ic.foldValue(predictions: [1, 2, 3, 4], actual: [10, 30, 20, 40], fee: 0) - 0.8) < 1e-12)
        #expect(TuneObjective.ic.foldValue(predictions: [1, 1, 1], actual: [1, 2, 3], fee: 0) == 0)
    }

    @Test func momentsOfASample() {
        // 1, 2, 3, 10: mean 4; deviations −3, −2, −1, 6; m2 = 50/4, m3 = (−27 −8 −1 +216)/4 = 45,
        // m4 = (81 + 16 + 1 + 1296)/4 = 348.5.
        let m = Moments([1, 2, 3, 10])
        #expect(m.count == 4 && m.mean == 4)
        #expect(abs(m.std - 12.5.squareRoot()) < 1e-12)
        #expect(abs(m.skewness - 45 / pow(12.5, 1.5)) < 1e-12)
        #expect(abs(m.kurtosis - 348.5 / (12.5 * 12.5)) < 1e-12)
        #expect(Moments([2, 2]).skewness == 0 && Moments([2, 2]).kurtosis == 3)
    }
}
