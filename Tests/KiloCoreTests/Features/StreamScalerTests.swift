import Testing

@testable import KiloCore

@Suite struct StreamScalerTests {
    @Test func streamedScaledRowsEqualTheBatchTransformBitForBit() throws {
        // ADAEUR: zero-volume bars give NaN and inf that the forward fill and the mean must handle.
        let full = try FeatureTestData.series("ADAEUR")
        let series = full.slice(0..<400)
        var config = FeatureConfig()
        config.ffillLimit = 1
        let engine = FeatureEngine(config: config)
        let matrix = engine.generate(for: series)
        let preprocessor = try Preprocessor.fit(matrix, trainingRows: 0..<300, config: config)
        let (batch, batchCounts) = try preprocessor.transform(matrix)
        var stream = FeatureStream(config: config, interval: series.interval)
        var scaler = try StreamScaler(preprocessor: preprocessor, specs: stream.specs)
        for i in 0..<series.count {
            let row = scaler.scale(stream.append(series, at: i), positionInSegment: stream.barsInSegment - 1)
            #expect(zip(row, batch.row(i)).allSatisfy { FeatureTestData.same($0, $1) }, "row \(i)")
        }
        #expect(scaler.counts == batchCounts)
        #expect(batchCounts.contains { $0.meanFilled > 0 } && batchCounts.contains { $0.forwardFilled > 0 })
    }

    @Test func refusesOtherSpecs() throws {
        let m = FeatureEngine().generate(for: FeatureTestData.synthetic(count: 200, seed: 3))
        let p = try Preprocessor.fit(m, trainingRows: 0..<200, config: FeatureConfig())
        var config = FeatureConfig()
        config.rsiPeriod = 10
        #expect(throws: FeatureError.self) {
            try StreamScaler(preprocessor: p, specs: FeatureCatalogue.specs(for: config))
        }
    }
}
