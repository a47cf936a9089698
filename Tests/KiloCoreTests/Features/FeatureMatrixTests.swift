import Testing

@testable import KiloCore

@Suite struct FeatureMatrixTests {
    @Test func rowMajorAccessColumnsRowsAndPositions() throws {
        let (series, gap) = try FeatureEngineTests.gapSlice()
        let m = FeatureEngine().generate(for: series)
        #expect(m.rowCount == series.count && m.values.count == m.rowCount * m.columnCount)
        let c = try #require(m.columnIndex(named: "sma_20"))
        #expect(m.column(c)[100] == m[100, c] && m.row(100)[c] == m[100, c])
        #expect(m.values[100 * m.columnCount + c] == m[100, c])
        let positions = m.positionsInSegment
        #expect(positions[gap - 1] == gap - 1 && positions[gap] == 0 && positions[gap + 5] == 5)
        #expect(m.isWarmup(row: gap + 18, column: c, positions: positions))
        #expect(!m.isWarmup(row: gap + 19, column: c, positions: positions))
        #expect(m.columnIndex(named: "nope") == nil)
        #expect(m.segments[1].rows == gap..<series.count)
    }
}
