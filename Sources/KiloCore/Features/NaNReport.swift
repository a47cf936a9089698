/// Where the NaNs of each feature column come from and what the cleaning pipeline did with them
/// (`inspect nan report`).
public struct NaNReport: Sendable, Equatable {
    /// One column's accounting. Every row is exactly one of: a value, warm-up NaN, gap warm-up NaN,
    /// a data NaN (zero volume / flat range / other), or inf.
    public struct Column: Sendable, Equatable {
        /// The feature name.
        public var name: String
        /// Its lookback (leading NaN rows per segment).
        public var lookback: Int
        /// Warm-up rows of the first segment.
        public var warmupNaN = 0
        /// Warm-up rows of segments that start after a gap.
        public var gapNaN = 0
        /// NaN after warm-up whose window holds a zero-volume bar.
        public var zeroVolumeNaN = 0
        /// NaN after warm-up whose window holds a flat bar (high == low), no zero volume.
        public var flatRangeNaN = 0
        /// Other NaN after warm-up.
        public var otherNaN = 0
        /// ±inf values.
        public var inf = 0
        /// Rows filled by forward fill, by the training mean, by zero; non-warm-up NaN left.
        public var fills = FeatureCleaner.Counts()

        /// NaN produced by the data (not warm-up).
        public var dataNaN: Int { zeroVolumeNaN + flatRangeNaN + otherNaN }
        /// The sort key of "worst first": data NaN and inf, then all warm-up rows.
        public var severity: (Int, Int) { (dataNaN + inf, warmupNaN + gapNaN) }

        mutating func add(_ other: Column) {
            warmupNaN += other.warmupNaN
            gapNaN += other.gapNaN
            zeroVolumeNaN += other.zeroVolumeNaN
            flatRangeNaN += other.flatRangeNaN
            otherNaN += other.otherNaN
            inf += other.inf
            fills.inf += other.fills.inf
            fills.forwardFilled += other.fills.forwardFilled
            fills.meanFilled += other.fills.meanFilled
            fills.zeroFilled += other.fills.zeroFilled
            fills.remaining += other.fills.remaining
        }
    }

    /// The series symbol.
    public var symbol: String
    /// Number of rows.
    public var rowCount: Int
    /// The segments (where each starts and how many bars were missing before it).
    public var segments: [FeatureSegment]
    /// Columns in catalogue order.
    public var columns: [Column]

    /// Builds the report for `matrix`; `fillValues` are the preprocessor's training means (nil when
    /// no preprocessor exists yet: the report then stops after the forward fill). One streaming
    /// pass over the rows classifies the raw values and counts the cleaning's fills,
    /// without copying the matrix.
    /// - Complexity: O(rows · columns) time, O(rows + columns) extra memory.
    public init(matrix: FeatureMatrix, ffillLimit: Int, fillValues: [Double]? = nil) {
        symbol = matrix.symbol
        rowCount = matrix.rowCount
        segments = matrix.segments
        // Prefix counts of zero-volume and flat bars, to test a window in O(1).
        var zeroPrefix = [Int](repeating: 0, count: matrix.rowCount + 1)
        var flatPrefix = [Int](repeating: 0, count: matrix.rowCount + 1)
        for r in 0..<matrix.rowCount {
            zeroPrefix[r + 1] = zeroPrefix[r] + Int(matrix.barFlags[r] & 1)
            flatPrefix[r + 1] = flatPrefix[r] + Int((matrix.barFlags[r] >> 1) & 1)
        }
        let windows = BarWindows(zeroPrefix: zeroPrefix, flatPrefix: flatPrefix)
        var causes = NaNCauses(matrix: matrix, columns: 0..<matrix.columnCount, windows: windows)
        let fills = CleaningSweep.run(
            matrix, columns: 0..<matrix.columnCount, rowLimit: matrix.rowCount, ffillLimit: ffillLimit,
            fillValues: fillValues, visitor: &causes)
        for j in causes.columns.indices { causes.columns[j].fills = fills[j] }
        columns = causes.columns
    }

    /// Columns sorted worst first (data NaN + inf, then warm-up), ties in catalogue order.
    public var worstFirst: [Column] {
        columns.enumerated().sorted { a, b in
            if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The sum over every column (named `total`, lookback = the largest).
    public var totals: Column {
        var total = Column(name: "total", lookback: columns.map(\.lookback).max() ?? 0)
        for column in columns { total.add(column) }
        return total
    }
}

/// Prefix counts of zero-volume and flat bars.
struct BarWindows: Sendable {
    let zeroPrefix: [Int]
    let flatPrefix: [Int]
}

/// Classifies a band's cells for `NaNReport`: warm-up rows per segment, and each NaN or inf after
/// the warm-up by the bars in its window.
struct NaNCauses: CleanedCellVisitor {
    let windows: BarWindows
    var columns: [NaNReport.Column]
    private var segmentStart = 0

    init(matrix: FeatureMatrix, columns band: Range<Int>, windows: BarWindows) {
        self.windows = windows
        columns = band.map { NaNReport.Column(name: matrix.specs[$0].name, lookback: matrix.specs[$0].lookback) }
        for (s, segment) in matrix.segments.enumerated() {
            for j in columns.indices {
                let warm = min(segment.end, segment.start + columns[j].lookback) - segment.start
                if s == 0 { columns[j].warmupNaN += warm } else { columns[j].gapNaN += warm }
            }
        }
    }

    mutating func beginRow(_ row: Int, position: Int) -> Bool {
        segmentStart = row - position
        return true
    }

    @inline(__always) mutating func visit(row: Int, column: Int, raw: Double, cleaned: Double, live: Bool) {
        guard live, !raw.isFinite else { return }
        if raw.isInfinite {
            columns[column].inf += 1
            return
        }
        let from = max(segmentStart, row - max(columns[column].lookback, 1))
        if windows.zeroPrefix[row + 1] - windows.zeroPrefix[from] > 0 {
            columns[column].zeroVolumeNaN += 1
        } else if windows.flatPrefix[row + 1] - windows.flatPrefix[from] > 0 {
            columns[column].flatRangeNaN += 1
        } else {
            columns[column].otherNaN += 1
        }
    }
}
