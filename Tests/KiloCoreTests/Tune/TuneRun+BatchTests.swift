import Foundation
import Testing

@testable import KiloCore

/// The batch pieces `TuneRun` shares with the cluster path.
@Suite struct TuneRunBatchTests {
    /// Suggests the trial number as `num_leaves` and counts the history it saw in `min_data_in_leaf`.
    struct Echo: TrialSampler {
        func suggest(space: SearchSpace, history: [TrialRecord], direction: StudyDirection, trialNumber: Int, seed: UInt64)
            -> TrialParameters
        { ["num_leaves": .int(trialNumber), "min_data_in_leaf": .int(history.count)] }
    }

    private let header = StudyHeader(
        name: "s", model: .lightgbm, symbol: "BTCEUR", objective: .rmse, sampler: .tpe, pruner: .median, seed: 5,
        folds: 2, dataSHA256: "", specHash: "", space: SearchSpace(parameters: []), baseConfig: "{}", created: 0)

    private func history(_ numbers: [Int]) -> [StudyTrial] {
        numbers.map { StudyTrial(record: TrialRecord(number: $0, parameters: [:], foldValues: [1], state: .complete, value: 1, seed: 0)) }
    }

    @Test func aBatchFollowsTheHighestNumberAndSeesTheSameHistory() {
        let batch = TuneRun.nextBatch(header: header, history: history([0, 1, 4]), sampler: Echo(), trials: 10, parallel: 3)
        #expect(batch.map(\.number) == [5, 6, 7])
        #expect(batch.map { $0.parameters["min_data_in_leaf"] } == Array(repeating: .int(3), count: 3))
        #expect(batch.map(\.seed) == [5, 6, 7].map { TuneJob.trialSeed(studySeed: 5, number: $0) })
        #expect(batch.allSatisfy { $0.state == .running && $0.foldValues.isEmpty })
    }

    @Test func theBudgetBoundsTheBatch() {
        #expect(TuneRun.nextBatch(header: header, history: history([0, 1]), sampler: Echo(), trials: 3, parallel: 4).count == 1)
        #expect(TuneRun.nextBatch(header: header, history: history([0, 1, 2]), sampler: Echo(), trials: 3, parallel: 4).isEmpty)
        #expect(TuneRun.nextBatch(header: header, history: [], sampler: Echo(), trials: 3, parallel: 0).count == 1)
    }

    @Test func lightgbmTrialsThatShareTheMachineRunOnOneThread() {
        #expect(TuneRun.threadsPerTrial(model: .lightgbm, parallel: 2) == 1)
        #expect(TuneRun.threadsPerTrial(model: .lightgbm, parallel: 1) == nil)
        #expect(TuneRun.threadsPerTrial(model: .gru, parallel: 4) == nil)
    }

    @Test func aFinishedTrialKeepsItsOutcome() throws {
        let record = TrialRecord(number: 2, parameters: ["num_leaves": .int(4)], seed: 11)
        func outcome(_ state: TrialState?, _ values: [Double]) -> TuneJob.Outcome {
            TuneJob.Outcome(foldValues: values, state: state, failure: nil, netSharpe: 0.5, netMoments: nil, seconds: 3)
        }
        let complete = try #require(TuneRun.finished(record, outcome: outcome(.complete, [1, 2])))
        #expect(complete.record.value == 1.5 && complete.record.duration == 3 && complete.netSharpe == 0.5)
        #expect(complete.record.parameters == record.parameters && complete.record.seed == 11)
        let pruned = try #require(TuneRun.finished(record, outcome: outcome(.pruned, [1])))
        #expect(pruned.record.state == .pruned && pruned.record.value == nil)
        #expect(TuneRun.finished(record, outcome: outcome(nil, [1])) == nil, "an interrupted trial is discarded")
    }

    @Test func theConfigNamesTheSamplerAndPruner() {
        var tune = TuneConfig()
        tune.sampler = .random
        tune.pruner = .none
        #expect(tune.makeSampler() is RandomSampler && tune.makePruner() == nil)
        tune.sampler = .tpe
        tune.pruner = .median
        tune.prunerWarmupFolds = 2
        #expect(tune.makeSampler() is TPESampler)
        #expect((tune.makePruner() as? MedianPruner)?.warmupFolds == 2)
    }
}
