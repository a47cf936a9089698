import Foundation
import Testing

@testable import KiloCore

/// A trial job's pruner view and a trial's outcome survive their JSON bit for bit.
@Suite struct TrialJobTests {
    /// Doubles whose shortest decimal form is easy to get wrong.
    private let awkward: [Double] = [0.1 + 0.2, -0.0, Double.leastNonzeroMagnitude, 1.7976931348623157e308, 1 / 3, -2.2250738585072014e-308, .nan]

    @Test func theHistoryLeavesDurationsOut() {
        let record = TrialRecord(number: 3, parameters: ["num_leaves": .int(9)], foldValues: [0.5], state: .pruned, seed: 8, duration: 12.5)
        let trial = TrialJob(study: "s", number: 4, objective: .rmse, threads: 1, splits: [], history: [record])
        var expected = record
        expected.duration = 0
        #expect(trial.history == [expected])
    }

    @Test func anOutcomeRoundTripsThroughAJobResultBitForBit() throws {
        let outcome = TuneJob.Outcome(
            foldValues: awkward, state: .failed, failure: "the objective is not finite on fold 7", netSharpe: 1 / 7,
            netMoments: Moments(count: 9, mean: 0.1 + 0.2, std: 1e-300, skewness: -0.0, kurtosis: 3), seconds: 1.25)
        var result = JobResult(
            id: "trial4_s", kind: .tuneTrial, symbol: "BTCEUR", model: "lightgbm", fold: nil, status: .ok, reason: nil,
            files: [], report: nil, split: nil, seconds: 2, host: "h", kiloVersion: Kilo.version)
        result.trial = TrialJob.Outcome(number: 4, outcome)
        let back = try JobResult.parse(try result.encoded())
        let trial = try #require(back.trial)
        #expect(trial.number == 4)
        #expect(trial.foldValues.map(\.bitPattern) == awkward.map(\.bitPattern))
        #expect(trial.netSharpe?.bitPattern == (1.0 / 7).bitPattern)
        #expect(trial.netMoments == outcome.netMoments)
        #expect(trial.netMoments?.skewness.sign == .minus)
        #expect(trial.tuneOutcome.foldValues.count == awkward.count)
        #expect(trial.tuneOutcome.state == .failed && trial.tuneOutcome.failure == outcome.failure)
    }

    @Test func aTrainJobsLineHasNoTrialAndAResultNoOutcome() throws {
        let result = JobResult(
            id: "x", kind: .train, symbol: "BTCEUR", model: "gru", fold: nil, status: .ok, reason: nil, files: [],
            report: nil, split: nil, seconds: 0, host: "h", kiloVersion: Kilo.version)
        let text = String(decoding: try result.encoded(), as: UTF8.self)
        #expect(!text.contains("\"trial\""))
        #expect(JobSpec.Kind(rawValue: "tune-trial") == .tuneTrial)
    }
}
