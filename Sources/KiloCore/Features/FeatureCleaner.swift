/// The causal NaN/inf pipeline applied before scaling, counted per column:
/// 1. ±inf → NaN;
/// 2. forward fill inside the segment, at most `ffillLimit` rows after the last valid value;
/// 3. the column's fill value (the training-split mean stored in the preprocessor);
/// 4. zero when that mean is not finite (the column had no finite training value).
///
/// Warm-up rows (position in segment < lookback) are never filled: they stay NaN and are left out
/// of training rows. Every step only looks at the row itself and earlier rows of its segment.
public enum FeatureCleaner {
    /// What the pipeline did to one column.
    public struct Counts: Sendable, Equatable, Codable {
        /// ±inf values turned into NaN.
        public var inf = 0
        /// Rows filled by the forward fill.
        public var forwardFilled = 0
        /// Rows filled with the training mean.
        public var meanFilled = 0
        /// Rows filled with zero.
        public var zeroFilled = 0
        /// Non-warm-up rows still NaN afterwards (only without fill values).
        public var remaining = 0
    }

    /// Cleans `matrix.values` into a new array and returns it with per-column counts.
    /// - Parameters:
    ///   - ffillLimit: the forward-fill reach (0 turns the step off).
    ///   - fillValues: one per column (training means), or `nil` to stop after the forward fill.
    /// - Complexity: O(rows · columns), one streaming pass.
    public static func clean(_ matrix: FeatureMatrix, ffillLimit: Int, fillValues: [Double]?)
        -> (values: [Double], counts: [Counts])
    {
        cleaned(matrix, ffillLimit: ffillLimit, fillValues: fillValues, map: Unchanged())
    }

    /// What `clean` would count, without writing any value.
    /// - Complexity: O(rows · columns) time, O(columns) memory.
    public static func counts(_ matrix: FeatureMatrix, ffillLimit: Int, fillValues: [Double]?) -> [Counts] {
        checkFillValues(fillValues, matrix)
        var visitor = NoVisitor()
        return CleaningSweep.run(
            matrix, columns: 0..<matrix.columnCount, rowLimit: matrix.rowCount, ffillLimit: ffillLimit,
            fillValues: fillValues, visitor: &visitor)
    }

    /// Cleans `matrix.values` and writes `map(cleaned value, column)` of every cell into a new array
    /// (warm-up cells pass through `map` uncleaned), in one pass.
    static func cleaned<Map: CleanedValueMap>(
        _ matrix: FeatureMatrix, ffillLimit: Int, fillValues: [Double]?, map: Map
    ) -> (values: [Double], counts: [Counts]) {
        checkFillValues(fillValues, matrix)
        var counts: [Counts] = []
        let values = LargeArrays.doubles(count: matrix.values.count) { buffer in
            guard let base = buffer.baseAddress else { return }
            let prefault = LargeArrays.Prefault(UnsafeMutableRawBufferPointer(buffer))
            defer { prefault.finish() }
            var writer = CleanedWriter(output: base, width: matrix.columnCount, first: 0, map: map)
            counts = CleaningSweep.run(
                matrix, columns: 0..<matrix.columnCount, rowLimit: matrix.rowCount, ffillLimit: ffillLimit,
                fillValues: fillValues, visitor: &writer)
        }
        return (values, counts)
    }

    private static func checkFillValues(_ fillValues: [Double]?, _ matrix: FeatureMatrix) {
        precondition(
            fillValues == nil || fillValues?.count == matrix.columnCount,
            "FeatureCleaner: \(fillValues?.count ?? 0) fill values for \(matrix.columnCount) columns")
    }
}

/// What `FeatureCleaner.cleaned` writes for a cleaned value of a column.
protocol CleanedValueMap: Sendable {
    func map(_ value: Double, column: Int) -> Double
}

/// The cleaned value itself.
struct Unchanged: CleanedValueMap {
    @inline(__always) func map(_ value: Double, column: Int) -> Double { value }
}

/// Writes every visited cell, mapped, at its place in a row-major output of the matrix's shape.
struct CleanedWriter<Map: CleanedValueMap>: CleanedCellVisitor {
    let output: UnsafeMutablePointer<Double>
    let width: Int
    let first: Int
    let map: Map

    @inline(__always) mutating func beginRow(_ row: Int, position: Int) -> Bool { true }

    @inline(__always) mutating func visit(row: Int, column: Int, raw: Double, cleaned: Double, live: Bool) {
        output[row * width + first + column] = map.map(cleaned, column: first + column)
    }
}

/// Visits nothing: the sweep only counts.
struct NoVisitor: CleanedCellVisitor {
    @inline(__always) mutating func beginRow(_ row: Int, position: Int) -> Bool { false }
    @inline(__always) mutating func visit(row: Int, column: Int, raw: Double, cleaned: Double, live: Bool) {}
}
