import Foundation
import Testing

@testable import KiloCore

/// Best trials, history, parameter effects and selection statistics of a hand-made study.
@Suite struct StudyReportTests {
    static func trial(_ n: Int, _ value: Double?, state: TrialState = .complete, leaves: Int, batch: Int = 32, sharpe: Double? = nil)
        -> StudyTrial
    {
        StudyTrial(
            record: TrialRecord(
                number: n, parameters: ["num_leaves": .int(leaves), "batch": .int(batch)], foldValues: value.map { [$0] } ?? [],
                state: state, value: value, seed: UInt64(n)),
            netSharpe: sharpe ?? value, netMoments: Moments(count: 500, mean: 0.001, std: 0.01, skewness: 0, kurtosis: 3))
    }

    static func report(direction: TuneObjective = .netSharpe) -> StudyReport {
        var header = StudyStoreTests.header(objective: direction)
        header.space = SearchSpace(parameters: [
            .init(name: "num_leaves", domain: .int(low: 2, high: 64, log: false)),
            .init(name: "batch", domain: .categorical([.int(32), .int(64)])),
        ])
        return StudyReport(header: header, path: "p", trials: [
            trial(0, 0.01, leaves: 4), trial(1, 0.03, leaves: 8, batch: 64), trial(2, nil, state: .pruned, leaves: 2, sharpe: -0.1),
            trial(3, 0.02, leaves: 16), trial(4, nil, state: .failed, leaves: 3), trial(5, 0.05, leaves: 32, batch: 64),
        ])
    }

    @Test func bestTrialsAndHistoryFollowTheDirection() {
        let up = Self.report()
        #expect(up.best?.record.number == 5)
        #expect(up.top(3).map(\.record.number) == [5, 1, 3])
        #expect(up.bestSoFar == [0.01, 0.03, 0.03, 0.05])
        #expect(up.counts[.complete] == 4 && up.counts[.pruned] == 1 && up.counts[.failed] == 1)
        let down = Self.report(direction: .rmse)
        #expect(down.best?.record.number == 0)
        #expect(down.bestSoFar == [0.01, 0.01, 0.01, 0.01])
    }

    @Test func parameterEffects() {
        let effects = Self.report().effects
        // num_leaves 4, 8, 16, 32 against 0.01, 0.03, 0.02, 0.05: ranks 1,2,3,4 vs 1,3,2,4 → ρ = 0.8.
        #expect(abs((effects[0].rankCorrelation ?? 0) - 0.8) < 1e-12)
        let means = effects[1].choiceMeans
        #expect(means.map(\.count) == [2, 2])
        #expect(abs(means[0].mean - 0.015) < 1e-15 && abs(means[1].mean - 0.04) < 1e-15)
    }

    @Test func selectionStatisticsUseEveryTrialTried() throws {
        let s = try #require(Self.report().selection)
        #expect(s.observedSharpe == 0.05)
        #expect(s.trialCount == 5, "complete and pruned trials count as tries")
        // Sample variance of the complete trials' Sharpes 0.01, 0.03, 0.02, 0.05.
        let values = [0.01, 0.03, 0.02, 0.05]
        let mean = values.reduce(0, +) / 4
        #expect(abs(s.trialSharpeVariance - values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3) < 1e-15)
        #expect(s.observations == 500)
        let expected = DeflatedSharpe.compute(
            observedSharpe: 0.05, trialSharpeVariance: s.trialSharpeVariance, trialCount: 5, observations: 500, skewness: 0,
            kurtosis: 3)
        #expect(s.deflated == expected && expected != nil)
    }
}
