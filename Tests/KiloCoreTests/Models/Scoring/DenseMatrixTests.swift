import Testing

@testable import KiloCore

@Suite struct DenseMatrixTests {
    /// `columnMajorValues` reads back what `init(columns:)` was given, column after column.
    @Test func columnMajorValuesAreTheColumnsInOrder() {
        let columns: [[Double]] = [[1, 2, 3], [10, 20, 30], [-1, .nan, 0.5], [7, 8, 9]]
        let matrix = DenseMatrix(columns: columns)
        #expect(matrix.rowCount == 3 && matrix.columnCount == 4)
        #expect(matrix.columnMajorValues.map(\.bitPattern) == columns.flatMap { $0 }.map(\.bitPattern))
        #expect(matrix[1, 2].isNaN && matrix[2, 1] == 30)
        #expect(DenseMatrix(rowCount: 0, columnCount: 5, values: []).columnMajorValues.isEmpty)
    }
}
