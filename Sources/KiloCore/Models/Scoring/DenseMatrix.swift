/// A dense row-major table of `Double` features: the input of every model's training and
/// prediction. Missing values are `NaN`.
public struct DenseMatrix: Sendable, Equatable {
    /// Number of rows (samples).
    public let rowCount: Int
    /// Number of columns (features).
    public let columnCount: Int
    /// `rowCount * columnCount` values, row after row.
    public private(set) var values: [Double]

    /// Wraps `values` laid out row after row.
    /// - Precondition: `values.count == rowCount * columnCount`.
    public init(rowCount: Int, columnCount: Int, values: [Double]) {
        precondition(
            rowCount >= 0 && columnCount >= 0 && values.count == rowCount * columnCount,
            "DenseMatrix.init: \(values.count) values for \(rowCount) x \(columnCount)")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }

    /// Builds a matrix from rows of equal length.
    /// - Precondition: every row has the same length.
    public init(rows: [[Double]]) {
        let width = rows.first?.count ?? 0
        var flat: [Double] = []
        flat.reserveCapacity(rows.count * width)
        for row in rows {
            precondition(row.count == width, "DenseMatrix.init(rows:): ragged row of \(row.count) != \(width)")
            flat.append(contentsOf: row)
        }
        self.init(rowCount: rows.count, columnCount: width, values: flat)
    }

    /// Builds a matrix from columns of equal length.
    /// - Precondition: every column has the same length.
    public init(columns: [[Double]]) {
        let height = columns.first?.count ?? 0
        var flat = [Double](repeating: 0, count: height * columns.count)
        for (c, column) in columns.enumerated() {
            precondition(column.count == height, "DenseMatrix.init(columns:): ragged column \(c)")
            for r in 0..<height { flat[r * columns.count + c] = column[r] }
        }
        self.init(rowCount: height, columnCount: columns.count, values: flat)
    }

    /// The values column after column (`init(columns:)` read back): column `c` of row `r` at
    /// `c * rowCount + r`.
    /// - Complexity: O(rowCount × columnCount).
    public var columnMajorValues: [Double] {
        var flat = [Double](repeating: 0, count: values.count)
        for r in 0..<rowCount {
            for c in 0..<columnCount { flat[c * rowCount + r] = values[r * columnCount + c] }
        }
        return flat
    }

    /// The value at `row`, `column`.
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columnCount + column] }
        set { values[row * columnCount + column] = newValue }
    }

    /// One row as an array.
    public func row(_ index: Int) -> [Double] {
        Array(values[(index * columnCount)..<((index + 1) * columnCount)])
    }

    /// The rows at `indices`, in that order.
    public func rows(at indices: [Int]) -> DenseMatrix {
        var flat: [Double] = []
        flat.reserveCapacity(indices.count * columnCount)
        for r in indices { flat.append(contentsOf: values[(r * columnCount)..<((r + 1) * columnCount)]) }
        return DenseMatrix(rowCount: indices.count, columnCount: columnCount, values: flat)
    }
}
