import Testing

@testable import KiloCore

@Suite struct GRUPredictorTests {
    @Test func batchOnePredictionMatchesScoring() throws {
        let fixture = try GRUFixture()
        let features = fixture.floats("score_features")
        let scores = try fixture.model.rawPredictions(features: features, columnCount: 5)
        let predictor = GRUPredictor(model: fixture.model)
        #expect(abs(predictor.predictRaw(latestOf: features) - scores.last!) <= 1e-6)
        // Repeated calls reuse the workspace and give the same bits.
        let first = predictor.predictRaw(latestOf: features)
        #expect(predictor.predictRaw(latestOf: features).bitPattern == first.bitPattern)
        features.withUnsafeBufferPointer { buffer in
            for end in 6..<12 {
                #expect(abs(predictor.predictRaw(features: buffer, endingAt: end) - scores[end - 6]) <= 1e-6)
            }
        }
        #expect(abs(predictor.predict(latestOf: features) - (Double(first) * 2.0 + 0.25)) < 1e-9)
    }
}
