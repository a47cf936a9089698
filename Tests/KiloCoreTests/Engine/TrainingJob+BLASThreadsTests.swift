import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// The scheduler, not the runs, sets the process-wide BLAS thread count: once per group of runs
/// that agree on it.
@Suite struct TrainingJobBLASThreadsTests {
    @Test func theDefaultRequestsMakeOneGroup() {
        // gru 1, ppo 1, lightgbm none, in the scheduler's order.
        let groups = TrainingJob.threadGroups([1, 1, nil, 1], order: [0, 3, 1, 2])
        #expect(groups.count == 1)
        #expect(groups.first?.threads == 1)
        #expect(groups.first?.members == [0, 3, 1, 2])
    }

    @Test func differentRequestsGoInTurnAndUnrequestedRunsJoinTheFirst() {
        let groups = TrainingJob.threadGroups([2, 1, nil, 2, 1, nil], order: [0, 3, 1, 4, 2, 5])
        #expect(groups.map(\.threads) == [2, 1])
        #expect(groups.map(\.members) == [[0, 3, 2, 5], [1, 4]])
        #expect(TrainingJob.threadGroups([nil, nil], order: [1, 0]).map(\.members) == [[1, 0]])
        #expect(TrainingJob.threadGroups([], order: []).isEmpty)
    }

    @Test func aRunAsksAndOnlyTheSchedulerSets() throws {
        var loaded = try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml"))
        loaded.config.models.gru.threads = 2
        loaded.config.models.ppo.threads = 0
        let engine = Engine(config: loaded)
        try engine.load(RepoPaths.path("data/BTCEUR_30m.csv"))
        #expect(try engine.trainingJob(.gru, symbol: "BTCEUR").blasThreads == 2)
        #expect(try engine.trainingJob(.ppo, symbol: "BTCEUR").blasThreads == nil, "0 keeps the setting")
        #expect(try engine.trainingJob(.lightgbm, symbol: "BTCEUR").blasThreads == nil)
    }

    @Test func aTrainerLeavesTheThreadCountAlone() throws {
        // Other suites only ever set 1 while this runs, so a trainer that set its own 2 would show.
        BLAS.setThreadCount(1)
        var config = GRUConfig()
        config.threads = 2
        config.epochs = 1
        config.sequenceLength = 3
        config.hiddenSize = 4
        config.numLayers = 1
        let rows = 40, columns = 2
        let values = (0..<rows * columns).map { Float(sin(Double($0))) }
        let data = GRUTrainingData(
            features: values, columnCount: columns, targets: (0..<rows).map { Float(cos(Double($0))) / 100 },
            trainingWindowEnds: Array(2..<30), validationWindowEnds: Array(30..<40), featureNames: ["a", "b"],
            featureSpecHash: "h")
        _ = try GRUTrainer.train(config: config, data: data, cancellation: .never)
        #expect(BLAS.threadCount == 1)
    }
}
