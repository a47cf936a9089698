import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct EngineFeaturesTests {
    private func engine(models: String) throws -> Engine {
        var loaded = try ConfigLoader.load(path: RepoPaths.path("config/config.yaml"))
        loaded.config.data.dir = RepoPaths.path("data")
        loaded.config.paths.models = models
        return Engine(config: loaded)
    }

    @Test func splitHasEmbargoAndPreprocessorSeesOnlyTrainingRows() throws {
        let engine = try engine(models: NSTemporaryDirectory())
        try engine.load("ETHEUR")
        let features = try engine.features(for: "ETHEUR")
        let split = try #require(features.split)
        let embargo = max(features.matrix.warmupRows, engine.config.features.targetHorizon)
        #expect(split.validation.lowerBound - split.train.upperBound == embargo)
        #expect(split.test.lowerBound - split.validation.upperBound == embargo)
        #expect(split.train.lowerBound == features.matrix.warmupRows)
        let preprocessor = try #require(features.preprocessor)
        #expect(preprocessor.trainRows == split.train)
    }

    @Test func savedFilesRoundTripAndRefuseAnotherSpec() throws {
        let folder = NSTemporaryDirectory() + "kilo-features-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try engine(models: folder)
        try engine.load("BTCEUR")
        let files = try engine.saveFeatureFiles(for: "BTCEUR", date: Date(timeIntervalSince1970: 1_764_000_000))
        #expect(files.preprocessor.hasSuffix("preprocessor_BTCEUR_20251124_160000.json"))
        #expect(files.metadata == folder + "/metadata/features_BTCEUR.json")
        let metadata = try FeatureMetadata.load(from: files.metadata)
        let matrix = try engine.features(for: "BTCEUR").matrix
        #expect(metadata.featureNames == matrix.names)
        #expect(metadata.dataSHA256 == Engine.hashFile(at: RepoPaths.path("data/BTCEUR_30m.csv")))
        try metadata.verify(against: matrix.specs)
        var other = engine.config.features
        other.rsiPeriod = 21
        let changed = FeatureCatalogue.specs(for: other)
        #expect(throws: FeatureError.self) { try metadata.verify(against: changed) }
        do {
            try metadata.verify(against: changed)
        } catch {
            #expect("\(error)".contains("'rsi'"), "\(error)")
        }
        let preprocessor = try Preprocessor.load(from: files.preprocessor)
        #expect(preprocessor == (try engine.features(for: "BTCEUR").preprocessor))
    }
}
