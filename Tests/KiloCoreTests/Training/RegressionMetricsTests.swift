import Testing

@testable import KiloCore

@Suite struct RegressionMetricsTests {
    @Test func handComputedValues() {
        let m = RegressionMetrics.evaluate(predictions: [1, -1, 2, 0, .nan], actual: [2, -2, -1, 0, 5])
        #expect(m.count == 4)
        // errors: -1, 1, 3, 0 → mse 11/4
        #expect(abs(m.rmse - (11.0 / 4).squareRoot()) < 1e-15)
        #expect(abs(m.mae - 5.0 / 4) < 1e-15)
        #expect(m.directionalAccuracy == 0.75)
        // pearson of [1,-1,2,0] and [2,-2,-1,0]: means 0.5 and -0.25
        let sxy = 0.5 * 2.25 + (-1.5) * (-1.75) + 1.5 * (-0.75) + (-0.5) * 0.25
        let sxx = 0.25 + 2.25 + 2.25 + 0.25
        let syy = 2.25 * 2.25 + 1.75 * 1.75 + 0.75 * 0.75 + 0.25 * 0.25
        #expect(abs(m.ic - sxy / (sxx * syy).squareRoot()) < 1e-12)
    }

    @Test func ranksAverageTies() {
        #expect(RegressionMetrics.ranks([10, 20, 10, 30]) == [1.5, 3, 1.5, 4])
        let m = RegressionMetrics.evaluate(predictions: [1, 2, 3, 4], actual: [10, 20, 30, 1000])
        #expect(m.rankIC == 1)
        #expect(m.ic < 1)
    }

    @Test func constantSideHasNoCorrelation() {
        let m = RegressionMetrics.evaluate(predictions: [0, 0, 0], actual: [1, 2, 3])
        #expect(m.ic.isNaN && m.rankIC.isNaN)
        #expect(m.directionalAccuracy == 0)
    }
}
