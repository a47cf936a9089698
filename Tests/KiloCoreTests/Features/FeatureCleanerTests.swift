import Testing

@testable import KiloCore

@Suite struct FeatureCleanerTests {
    static func matrix(_ column: [Double], lookback: Int, segments: [FeatureSegment]) -> FeatureMatrix {
        FeatureMatrix(
            symbol: "X", interval: BarInterval(seconds: 60),
            specs: [FeatureSpec(name: "x", family: .price, definition: "test", lookback: lookback)],
            timestamps: column.indices.map { Int64($0) * 60_000 }, values: column, segments: segments,
            target: column.map { _ in 0 }, barFlags: column.map { _ in 0 })
    }

    @Test func warmupIsNeverFilledAndFillStaysInsideItsSegment() {
        let n = Double.nan
        let m = Self.matrix(
            [n, 1, n, .infinity, n, n, n, n, n, n],
            lookback: 1,
            segments: [FeatureSegment(start: 0, end: 7, missingBarsBefore: 0), FeatureSegment(start: 7, end: 10, missingBarsBefore: 9)])
        let (values, counts) = FeatureCleaner.clean(m, ffillLimit: 2, fillValues: [5])
        #expect(values[0].isNaN)  // warm-up of segment 1
        #expect(Array(values[1...6]) == [1, 1, 1, 5, 5, 5])
        #expect(values[7].isNaN)  // warm-up of segment 2: not filled from segment 1
        #expect(Array(values[8...9]) == [5, 5])  // nothing earlier in segment 2: training mean
        #expect(counts[0].inf == 1 && counts[0].forwardFilled == 2 && counts[0].meanFilled == 5)
    }

    @Test func forwardFillUsesOnlyEarlierRows() {
        let n = Double.nan
        let m = Self.matrix([n, n, 3, n, 4], lookback: 0, segments: [FeatureSegment(start: 0, end: 5, missingBarsBefore: 0)])
        let (values, counts) = FeatureCleaner.clean(m, ffillLimit: 5, fillValues: nil)
        #expect(values[0].isNaN && values[1].isNaN)  // nothing earlier to fill from
        #expect(values[3] == 3)
        #expect(counts[0].remaining == 2 && counts[0].forwardFilled == 1)
    }
}
