import Testing

@testable import KiloCore

@Suite struct DieboldMarianoTestTests {
    @Test func matchesScipyWorkedValues() throws {
        let cases = StatisticsFixtures.objects("diebold_mariano")
        #expect(cases.count == 6)
        for item in cases {
            let result = try #require(
                DieboldMarianoTest.compare(
                    modelLosses: StatisticsFixtures.numbers(item, "model_losses"),
                    baselineLosses: StatisticsFixtures.numbers(item, "baseline_losses"),
                    horizon: Int(StatisticsFixtures.number(item, "horizon"))))
            let statistic = StatisticsFixtures.number(item, "statistic")
            let pValue = StatisticsFixtures.number(item, "p_value")
            #expect(StatisticsFixtures.close(result.statistic, statistic), "DM* \(result.statistic) vs \(statistic)")
            #expect(StatisticsFixtures.close(result.pValue, pValue), "p \(result.pValue) vs \(pValue)")
        }
    }

    /// Squared errors of a baseline and of a model whose errors are half as large.
    static func losses(n: Int, seed: UInt64, modelScale: Double) -> (model: [Double], baseline: [Double]) {
        var generator = SplitMix64(seed: seed)
        var model: [Double] = []
        var baseline: [Double] = []
        for _ in 0..<n {
            let target = generator.nextGaussian()
            let baselineError = target
            let modelError = modelScale * generator.nextGaussian()
            baseline.append(baselineError * baselineError)
            model.append(modelError * modelError)
        }
        return (model, baseline)
    }

    @Test func aClearlyBetterModelIsSignificant() throws {
        let data = Self.losses(n: 300, seed: 4, modelScale: 0.7)
        let better = try #require(DieboldMarianoTest.compare(modelLosses: data.model, baselineLosses: data.baseline))
        #expect(better.statistic < 0)
        #expect(better.pValue < 0.05)
        // The other way round the same losses are nowhere near significant.
        let worse = try #require(DieboldMarianoTest.compare(modelLosses: data.baseline, baselineLosses: data.model))
        #expect(worse.pValue > 0.95)
        #expect(abs(worse.pValue + better.pValue - 1) < 1e-12)
    }

    @Test func equallyGoodModelsGiveRoughlyUniformPValues() throws {
        var pValues: [Double] = []
        for seed in 0..<400 {
            let data = Self.losses(n: 120, seed: UInt64(seed) &+ 1000, modelScale: 1)
            let result = try #require(
                DieboldMarianoTest.compare(modelLosses: data.model, baselineLosses: data.baseline, horizon: 2))
            pValues.append(result.pValue)
        }
        let mean = pValues.reduce(0, +) / Double(pValues.count)
        let rejected = Double(pValues.filter { $0 < 0.05 }.count) / Double(pValues.count)
        #expect(abs(mean - 0.5) < 0.05, "mean p \(mean)")
        #expect(rejected > 0.01 && rejected < 0.1, "rejection rate \(rejected)")
    }

    @Test func refusesSeriesWithoutAnAnswer() {
        #expect(DieboldMarianoTest.compare(modelLosses: [1, 2], baselineLosses: [1]) == nil)
        #expect(DieboldMarianoTest.compare(modelLosses: [1], baselineLosses: [1]) == nil)
        #expect(DieboldMarianoTest.compare(modelLosses: [1, 2, 3], baselineLosses: [1, 2, 3]) == nil)
        #expect(DieboldMarianoTest.compare(modelLosses: [1, .nan, 3], baselineLosses: [1, 2, 3]) == nil)
        #expect(DieboldMarianoTest.compare(modelLosses: [1, 2, 3], baselineLosses: [0, 1, 5], horizon: 3) == nil)
    }
}
