import Testing

@testable import KiloCore

@Suite struct GRUModelScoringTests {
    @Test func scoresEveryFullWindowLikePyTorch() throws {
        let fixture = try GRUFixture()
        let features = fixture.floats("score_features")
        let expected = fixture.floats("score_expected")
        for batchSize in [1, 4, 256] {
            let scores = try fixture.model.rawPredictions(features: features, columnCount: 5, batchSize: batchSize)
            #expect(scores.count == 12 - 7 + 1)
            for (a, b) in zip(scores, expected) { #expect(abs(a - b) <= 1e-5) }
        }
        #expect(try fixture.model.rawPredictions(features: Array(features.prefix(6 * 5)), columnCount: 5).isEmpty)
        #expect(throws: GRUError.featureCountMismatch(expected: 5, actual: 4)) {
            try fixture.model.rawPredictions(features: Array(features.prefix(48)), columnCount: 4)
        }
    }

    @Test func nonFiniteWindowOnlyAffectsItsOwnOutputs() throws {
        let fixture = try GRUFixture()
        var features = fixture.floats("score_features")
        features[11 * 5 + 2] = .nan  // last row
        let scores = try fixture.model.rawPredictions(features: features, columnCount: 5)
        #expect(scores.last!.isNaN)
        #expect(scores.dropLast().allSatisfy { $0.isFinite })
    }
}
