import Foundation
import Testing

@testable import KiloCore

/// The pieces besides the schedule that `TuneRun` shares with the cluster path.
@Suite struct TuneRunBatchTests {
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
