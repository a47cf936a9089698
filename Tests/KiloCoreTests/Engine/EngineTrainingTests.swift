import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// Training is leak-free: nothing fit for a model reads validation or test rows.
@Suite(.blasThreadsPinned) struct EngineTrainingTests {
    private func engine(models: String) throws -> Engine {
        var loaded = try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml"))
        loaded.config.paths.models = models
        return Engine(config: loaded)
    }

    @Test func poisonedValidationAndTestRowsChangeNothingFitOnTrain() throws {
        let clean = try engine(models: NSTemporaryDirectory() + "kilo-poison-models-\(UUID().uuidString)")
        try clean.load(try PoisonedSeries.write(rows: 800, poisonFrom: nil, factor: 1))
        let split = try #require(try clean.features(for: "BTCEUR").split)
        // Poison every bar from the first validation row on (features are causal, so the training
        // rows' features and targets are untouched; the embargo separates their targets).
        let poisoned = try engine(models: NSTemporaryDirectory() + "kilo-poison-models-\(UUID().uuidString)")
        try poisoned.load(try PoisonedSeries.write(rows: 800, poisonFrom: split.validation.lowerBound, factor: 3.7))
        let a = try clean.features(for: "BTCEUR")
        let b = try poisoned.features(for: "BTCEUR")
        #expect(a.split == b.split)
        #expect(a.preprocessor == b.preprocessor, "the preprocessor saw validation or test rows")
        for row in a.split?.train ?? 0..<0 {
            #expect(a.matrix.target[row].bitPattern == b.matrix.target[row].bitPattern)
        }
        #expect(a.matrix.values[0..<(split.train.upperBound * a.matrix.columnCount)].elementsEqual(
            b.matrix.values[0..<(split.train.upperBound * b.matrix.columnCount)], by: { $0.bitPattern == $1.bitPattern }))
        // The GRU's target standardisation is fit on training windows only.
        let gruA = try clean.train(.gru, symbol: "BTCEUR", seed: 5)
        let gruB = try poisoned.train(.gru, symbol: "BTCEUR", seed: 5)
        let modelA = try GRUModel.load(from: gruA.files[0])
        let modelB = try GRUModel.load(from: gruB.files[0])
        #expect(modelA.targetMean == modelB.targetMean && modelA.targetStd == modelB.targetStd)
        #expect(gruA.rows == gruB.rows)
    }
}
