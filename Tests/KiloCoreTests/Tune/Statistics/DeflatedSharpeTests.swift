import Testing

@testable import KiloCore

@Suite struct DeflatedSharpeTests {
    @Test func matchesScipyWorkedValues() throws {
        let cases = StatisticsFixtures.objects("deflated_sharpe")
        #expect(cases.count == 7)
        for item in cases {
            let n = StatisticsFixtures.number
            let result = try #require(
                DeflatedSharpe.compute(
                    observedSharpe: n(item, "observed_sharpe"), trialSharpeVariance: n(item, "trial_sharpe_variance"),
                    trialCount: Int(n(item, "trial_count")), observations: Int(n(item, "observations")),
                    skewness: n(item, "skewness"), kurtosis: n(item, "kurtosis")))
            #expect(
                StatisticsFixtures.close(result.expectedMaximumSharpe, n(item, "expected_maximum_sharpe")),
                "SR0 \(result.expectedMaximumSharpe) vs \(n(item, "expected_maximum_sharpe")) in \(item)")
            #expect(
                StatisticsFixtures.close(result.probability, n(item, "probability")),
                "DSR \(result.probability) vs \(n(item, "probability")) in \(item)")
        }
    }

    @Test func moreTrialsDeflateMore() throws {
        var previous = DeflatedSharpe(expectedMaximumSharpe: -1, probability: 2)
        for trials in [1, 2, 5, 10, 30, 100, 1000, 10000] {
            let result = try #require(
                DeflatedSharpe.compute(
                    observedSharpe: 0.08, trialSharpeVariance: 0.001, trialCount: trials, observations: 1000,
                    skewness: -0.2, kurtosis: 4))
            #expect(result.expectedMaximumSharpe > previous.expectedMaximumSharpe)
            #expect(result.probability < previous.probability)
            previous = result
        }
    }

    @Test func moreObservationsSharpenTheVerdict() throws {
        let short = try #require(
            DeflatedSharpe.compute(
                observedSharpe: 0.2, trialSharpeVariance: 0.002, trialCount: 50, observations: 100, skewness: 0,
                kurtosis: 3))
        let long = try #require(
            DeflatedSharpe.compute(
                observedSharpe: 0.2, trialSharpeVariance: 0.002, trialCount: 50, observations: 2000, skewness: 0,
                kurtosis: 3))
        #expect(short.probability < long.probability)
        #expect(short.expectedMaximumSharpe == long.expectedMaximumSharpe)
    }

    @Test func refusesInputsWithoutAnAnswer() {
        let compute = { (trials: Int, observations: Int, variance: Double, sharpe: Double, kurtosis: Double) in
            DeflatedSharpe.compute(
                observedSharpe: sharpe, trialSharpeVariance: variance, trialCount: trials, observations: observations,
                skewness: 0, kurtosis: kurtosis)
        }
        #expect(compute(0, 100, 0.01, 0.1, 3) == nil)
        #expect(compute(10, 1, 0.01, 0.1, 3) == nil)
        #expect(compute(10, 100, -0.01, 0.1, 3) == nil)
        #expect(compute(10, 100, 0.01, .nan, 3) == nil)
        #expect(compute(10, 100, 0.01, 3, -10) == nil)
    }
}
