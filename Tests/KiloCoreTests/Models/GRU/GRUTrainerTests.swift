import Testing

@testable import KiloCore

@Suite(.blasThreadsPinned) struct GRUTrainerTests {
    static let rows = 120, columns = 3

    /// A learnable series: the target at row r is a fixed function of the last two rows' features.
    /// With `flipValidation`, validation targets are negated, so learning the training rule makes the
    /// validation loss worse and early stopping must restore an early epoch.
    static func data(flipValidation: Bool = false) -> GRUTrainingData {
        var generator = SplitMix64(seed: 3)
        let features = (0..<(rows * columns)).map { _ in Float(2 * generator.nextUnit() - 1) }
        let targets = (0..<rows).map { r -> Float in
            let current = features[r * columns], previous = r > 0 ? features[(r - 1) * columns + 1] : 0
            let value = 0.8 * current - 0.5 * previous + 0.1
            return flipValidation && r >= 90 ? -value : value
        }
        return GRUTrainingData(
            features: features, columnCount: columns, targets: targets, trainingWindowEnds: Array(4..<90),
            validationWindowEnds: Array(90..<rows), featureNames: ["a", "b", "c"], featureSpecHash: "spec")
    }

    static func config(epochs: Int = 4, seed: Int = 7) -> GRUConfig {
        var config = GRUConfig()
        config.sequenceLength = 5
        config.hiddenSize = 6
        config.numLayers = 2
        config.batchSize = 16
        config.epochs = epochs
        config.patience = 3
        config.learningRate = 0.01
        config.dropout = 0.1
        config.seed = seed
        config.threads = 1
        return config
    }

    @Test func sameSeedGivesSameBits() throws {
        let a = try GRUTrainer.train(config: Self.config(), data: Self.data())
        let b = try GRUTrainer.train(config: Self.config(), data: Self.data())
        let c = try GRUTrainer.train(config: Self.config(seed: 8), data: Self.data())
        #expect(a.model.parameters.map(\.bitPattern) == b.model.parameters.map(\.bitPattern))
        #expect(a.epochs.map(\.trainingLoss) == b.epochs.map(\.trainingLoss))
        #expect(a.model.parameters != c.model.parameters)
    }

    @Test func learnsALearnableTarget() throws {
        var config = Self.config(epochs: 30)
        config.patience = 30
        config.dropout = 0
        var reports: [GRUEpochReport] = []
        let result = try GRUTrainer.train(config: config, data: Self.data()) { reports.append($0) }
        #expect(reports.count == 30 && result.stopReason == .completed)
        #expect(result.bestValidationLoss < 0.3 * reports[0].validationLoss)
        #expect(reports.last!.trainingLoss < reports[0].trainingLoss)
        #expect(reports.allSatisfy { $0.epochCount == 30 && $0.elapsedSeconds >= 0 && $0.estimatedRemainingSeconds >= 0 })
        #expect(result.model.featureNames == ["a", "b", "c"] && result.model.featureSpecHash == "spec")
        let targets = Self.data().trainingWindowEnds.map { Double(Self.data().targets[$0]) }
        let mean = targets.reduce(0, +) / Double(targets.count)
        #expect(abs(result.model.targetMean - mean) < 1e-9)
    }

    /// The restored weights must be a copy of the best epoch's buffer: had the trainer kept a
    /// reference to the live buffer, the result would equal the last epoch's weights instead.
    @Test func earlyStoppingRestoresACopyOfTheBestEpoch() throws {
        var config = Self.config(epochs: 40)
        config.patience = 3
        config.dropout = 0
        config.reduceLROnPlateau = false
        var snapshots: [Int: [Float]] = [:]
        let result = try GRUTrainer.train(
            config: config, data: Self.data(flipValidation: true), cancellation: .never, progress: { _ in },
            epochObserver: { snapshots[$0] = $1 })
        #expect(result.stopReason == .earlyStopped)
        #expect(result.bestEpoch < result.epochs.count)
        #expect(result.epochs.count - result.bestEpoch == 3)
        let best = try #require(snapshots[result.bestEpoch])
        let last = try #require(snapshots[result.epochs.count])
        #expect(result.model.parameters.map(\.bitPattern) == best.map(\.bitPattern))
        #expect(result.model.parameters != last)
        #expect(result.summary.contains("restored the best weights from epoch \(result.bestEpoch)"))
        // The reported best loss is the loss of the returned weights.
        let scored = try result.model.rawPredictions(features: Self.data().features, columnCount: 3)
        let data = Self.data(flipValidation: true)
        let mse = data.validationWindowEnds.map { end -> Double in
            let target = (Double(data.targets[end]) - result.model.targetMean) / result.model.targetStd
            let d = Double(scored[end - 4]) - target
            return d * d
        }.reduce(0, +) / Double(data.validationWindowEnds.count)
        #expect(abs(mse - result.bestValidationLoss) < 1e-5)
    }

    @Test func cancellationKeepsTheBestWeightsSoFar() throws {
        let token = CancellationToken()
        var snapshots: [Int: [Float]] = [:]
        let result = try GRUTrainer.train(
            config: Self.config(epochs: 10), data: Self.data(), cancellation: token,
            progress: { if $0.epoch == 2 { token.cancel() } }, epochObserver: { snapshots[$0] = $1 })
        #expect(result.stopReason == .cancelled)
        #expect(result.epochs.count == 2)
        #expect(result.model.parameters == snapshots[result.bestEpoch])
        #expect(result.summary.contains("interrupted"))

        let early = CancellationToken()
        early.cancel()
        let none = try GRUTrainer.train(config: Self.config(), data: Self.data(), cancellation: early)
        #expect(none.stopReason == .cancelled && none.bestEpoch == 0 && none.epochs.isEmpty)
        #expect(none.bestValidationLoss.isFinite)
    }

    @Test func rejectsBadInputs() {
        var nan = Self.data()
        nan.features[50 * 3 + 2] = .nan
        #expect(throws: GRUError.nonFiniteInput(row: 50, column: 2)) { try GRUTrainer.train(config: Self.config(), data: nan) }
        var target = Self.data()
        target.targets[95] = .infinity
        #expect(throws: GRUError.nonFiniteInput(row: 95, column: nil)) { try GRUTrainer.train(config: Self.config(), data: target) }
        var early = Self.data()
        early.trainingWindowEnds = [3]
        #expect(throws: GRUError.self) { try GRUTrainer.train(config: Self.config(), data: early) }
        var empty = Self.data()
        empty.validationWindowEnds = []
        #expect(throws: GRUError.invalidTrainingData(reason: "no validation windows")) {
            try GRUTrainer.train(config: Self.config(), data: empty)
        }
        var badConfig = Self.config()
        badConfig.dropout = 1
        #expect(throws: GRUError.self) { try GRUTrainer.train(config: badConfig, data: Self.data()) }
    }
}

extension GRUTrainerTests {
    @Test func plateauLowersTheLearningRateDuringTraining() throws {
        var config = Self.config(epochs: 8)
        config.patience = 8
        config.reduceLROnPlateau = true
        config.lrPlateauPatience = 0
        config.lrPlateauFactor = 0.5
        let result = try GRUTrainer.train(config: config, data: Self.data(flipValidation: true))
        let rates = result.epochs.map(\.learningRate)
        #expect(rates.first == 0.01)
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(rates.last! < 0.01)
        var off = config
        off.reduceLROnPlateau = false
        #expect(try GRUTrainer.train(config: off, data: Self.data(flipValidation: true)).epochs.allSatisfy { $0.learningRate == 0.01 })
    }
}
