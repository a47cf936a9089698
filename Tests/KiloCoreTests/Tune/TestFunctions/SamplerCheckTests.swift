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

    @Test func foldedTrialsArePrunedByTheMedianRule() throws {
        let report = SamplerCheck.run(
            function: .branin, sampler: TPESampler(), samplerName: "tpe", trials: 60, seed: 1, folds: 5)
        let folds = try #require(report.folds)
        #expect(folds.count == 5)
        #expect(folds.complete + folds.pruned == 60)
        #expect(folds.complete >= 5 && folds.pruned > 0)
        // Complete trials score every fold, pruned ones 1…4 (never pruned after the last).
        #expect(folds.foldsRun >= 5 * folds.complete + folds.pruned)
        #expect(folds.foldsRun <= 5 * folds.complete + 4 * folds.pruned)
        #expect(report.best <= report.bestAfter50)
        // The best value is a complete trial's mean over its folds.
        let base = try #require(TuneTestFunction.branin.evaluate(report.bestParameters))
        let deviations = (0..<5).map {
            TuneTestFunction.foldDeviation(report.bestParameters, space: TuneTestFunction.branin.space, fold: $0, of: 5)
        }
        #expect(abs(report.best - (deviations.map { base + $0 }.reduce(0, +) / 5)) < 1e-12)
        let again = SamplerCheck.run(
            function: .branin, sampler: TPESampler(), samplerName: "tpe", trials: 60, seed: 1, folds: 5)
        #expect(again == report)
        let plain = SamplerCheck.run(function: .branin, sampler: TPESampler(), samplerName: "tpe", trials: 60, seed: 1)
        #expect(plain.folds == nil)
    }

    @Test func foldedRecordPrunesAWorseRunningMean() throws {
        // Five complete trials whose running means are 0 on every fold: a trial scoring 1 on
        // fold 0 is pruned there; one scoring −1 goes on to complete.
        let history = (0..<5).map { number in
            TrialRecord(
                number: number, parameters: ["x1": .float(0), "x2": .float(0)], foldValues: [0, 0, 0],
                state: .complete, value: 0, seed: 1)
        }
        let trial = TrialRecord(number: 5, parameters: ["x1": .float(3), "x2": .float(4)], state: .complete, value: 1, seed: 1)
        let worse = SamplerCheck.foldedRecord(trial, value: 1, function: .branin, folds: 3, history: history)
        #expect(worse.state == .pruned)
        #expect(worse.foldValues == [1])
        #expect(worse.value == nil)
        let better = SamplerCheck.foldedRecord(trial, value: -10, function: .branin, folds: 3, history: history)
        #expect(better.state == .complete)
        #expect(better.foldValues.count == 3)
        #expect(better.value == better.foldValues.reduce(0, +) / 3)
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
