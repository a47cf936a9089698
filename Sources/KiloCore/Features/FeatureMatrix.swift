/// A run of consecutive bars without a gap longer than `features.max_gap_bars`; every indicator
/// warms up again at `start`.
public struct FeatureSegment: Sendable, Equatable, Codable {
    /// First row of the segment.
    public var start: Int
    /// One past the last row.
    public var end: Int
    /// Bars missing between the previous segment's last bar and `start` (0 for the first).
    public var missingBarsBefore: Int

    /// The rows of the segment.
    public var rows: Range<Int> { start..<end }
}

/// Generated features of one series: a row-major `Double` matrix (row = bar, column = feature in
/// catalogue order), with the specs, segments and next-bar target.
public struct FeatureMatrix: Sendable, Equatable {
    /// The series symbol.
    public var symbol: String
    /// The bar interval.
    public var interval: BarInterval
    /// The column specs, in order.
    public var specs: [FeatureSpec]
    /// Bar open times (epoch ms), one per row.
    public var timestamps: [Int64]
    /// `rowCount × columnCount` values, row-major. Warm-up rows are NaN.
    public var values: [Double]
    /// The segments, in order, covering every row.
    public var segments: [FeatureSegment]
    /// `close[t+h]/close[t] − 1`; NaN at the end, across a gap and where `t+h` is not exactly
    /// `h` intervals later.
    public var target: [Double]
    /// Per row: bit 0 = zero volume, bit 1 = flat bar (high == low). Used to explain NaNs.
    public var barFlags: [UInt8]

    /// Feature names in column order.
    public var names: [String] { specs.map(\.name) }
    /// Number of rows (bars).
    public var rowCount: Int { timestamps.count }
    /// Number of feature columns.
    public var columnCount: Int { specs.count }

    /// The value at `row`, `column`.
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * specs.count + column] }
        set { values[row * specs.count + column] = newValue }
    }

    /// One column as an array.
    /// - Complexity: O(rowCount).
    public func column(_ column: Int) -> [Double] {
        precondition(column >= 0 && column < columnCount, "FeatureMatrix.column: no column \(column)")
        let width = columnCount
        return (0..<rowCount).map { values[$0 * width + column] }
    }

    /// The index of the column called `name`, if any.
    public func columnIndex(named name: String) -> Int? { specs.firstIndex { $0.name == name } }

    /// One row as an array.
    public func row(_ row: Int) -> [Double] {
        Array(values[(row * columnCount)..<((row + 1) * columnCount)])
    }

    /// For each row, its position inside its segment (0 at a segment start).
    public var positionsInSegment: [Int] {
        var out = [Int](repeating: 0, count: rowCount)
        for segment in segments { for r in segment.rows { out[r] = r - segment.start } }
        return out
    }

    /// The largest lookback: rows at least this far into their segment have every feature warm.
    public var warmupRows: Int { specs.map(\.lookback).max() ?? 0 }

    /// Whether row `row` is in the warm-up of column `column`.
    public func isWarmup(row: Int, column: Int, positions: [Int]) -> Bool {
        positions[row] < specs[column].lookback
    }

    /// Rows inside `range` usable for training: every feature past its warm-up and a finite target.
    /// - Complexity: O(range.count), no per-row scratch arrays.
    public func trainingRows(in range: Range<Int>) -> [Int] {
        var rows: [Int] = []
        forEachTrainingRow(in: range) { rows.append($0) }
        return rows
    }

    /// How many rows `trainingRows(in:)` lists, without listing them.
    public func trainingRowCount(in range: Range<Int>) -> Int {
        var count = 0
        forEachTrainingRow(in: range) { _ in count += 1 }
        return count
    }

    /// Calls `body` with each row of `trainingRows(in:)`, in order. A row outside every segment
    /// has position 0 (as in `positionsInSegment`).
    private func forEachTrainingRow(in range: Range<Int>, _ body: (Int) -> Void) {
        let warm = warmupRows
        let clamped = range.clamped(to: 0..<rowCount)
        var next = clamped.lowerBound
        func uncovered(upTo end: Int) {
            if warm == 0 { for r in next..<end where target[r].isFinite { body(r) } }
        }
        for segment in segments where segment.end > next && segment.start < clamped.upperBound {
            let start = max(segment.start, next)
            uncovered(upTo: start)
            let end = min(segment.end, clamped.upperBound)
            let first = max(start, segment.start + warm)
            if first < end { for r in first..<end where target[r].isFinite { body(r) } }
            next = end
        }
        if next < clamped.upperBound { uncovered(upTo: clamped.upperBound) }
    }
}
