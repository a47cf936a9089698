import Testing

@testable import KiloCore

@Suite struct FeatureStreamTests {
    @Test func incrementalEqualsBatchBitForBitAcrossTheGap() throws {
        let (series, gap) = try FeatureEngineTests.gapSlice()
        let batch = FeatureEngine().generate(for: series)
        var stream = FeatureStream(interval: series.interval)
        #expect(stream.specs == batch.specs)
        for i in 0..<series.count {
            let row = stream.append(series, at: i)
            if i == gap { #expect(stream.segmentCount == 2 && stream.barsInSegment == 1) }
            for c in 0..<row.count where !FeatureTestData.same(row[c], batch[i, c]) {
                Issue.record("\(batch.specs[c].name) row \(i): stream \(row[c]) batch \(batch[i, c])")
            }
        }
        #expect(stream.isWarm)
    }

    @Test func incrementalEqualsBatchOnZeroVolumeBars() throws {
        let series = try FeatureTestData.series("ADAEUR").slice(0..<400)
        var config = FeatureConfig()
        config.families = [.volume, .advanced, .flags]
        let batch = FeatureEngine(config: config).generate(for: series)
        var stream = FeatureStream(config: config, interval: series.interval)
        for i in 0..<series.count {
            let row = stream.append(series, at: i)
            #expect(zip(row, batch.row(i)).allSatisfy { FeatureTestData.same($0, $1) }, "row \(i)")
        }
    }
}
