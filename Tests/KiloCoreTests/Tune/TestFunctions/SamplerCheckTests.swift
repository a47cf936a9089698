import Testing

@testable import KiloCore

@Suite struct SamplerCheckTests {
    @Test func reportsTheBestAfter50AndAfterAllTrials() {
        let report = SamplerCheck.run(function: .hartmann6, sampler: RandomSampler(), samplerName: "random", trials: 80, seed: 4)
        #expect(report.trials == 80)
        #expect(report.best <= report.bestAfter50)
        #expect(report.best >= TuneTestFunction.hartmann6.minimum)
        #expect(TuneTestFunction.hartmann6.evaluate(report.bestParameters) == report.best)
        #expect(report.timing == nil)
        let short = SamplerCheck.run(function: .hartmann6, sampler: RandomSampler(), samplerName: "random", trials: 50, seed: 4)
        #expect(short.bestAfter50 == report.bestAfter50)
    }

    @Test func timesSuggestionsOnAHistoryOfTheGivenSize() throws {
        let report = SamplerCheck.run(
            function: .mixed10, sampler: TPESampler(), samplerName: "tpe", trials: 12, seed: 1, history: 200)
        let timing = try #require(report.timing)
        #expect(timing.history == 200)
        #expect(timing.suggestions == SamplerCheck.timedSuggestions)
        #expect(timing.meanSeconds > 0 && timing.meanSeconds <= timing.maxSeconds)
        #expect(timing.medianCPUSeconds >= 0 && timing.medianCPUSeconds <= timing.maxCPUSeconds)
    }

    @Test func stopsWhenCancelled() {
        let token = CancellationToken()
        token.cancel()
        let report = SamplerCheck.run(
            function: .branin, sampler: TPESampler(), samplerName: "tpe", trials: 100, seed: 1, cancellation: token)
        #expect(report.trials == 0)
        #expect(report.best.isNaN)
    }
}
