/// Fitting the preprocessor's per-column statistics in streaming passes over the matrix.
///
/// Every statistic is computed exactly as a plain per-column loop would (gather the column's
/// finite cleaned training values in row order, sum them from 0, then sum the squared deviations
/// from 0): `CleaningSweep` visits each column's cells in row order, so the sums keep their order
/// and their bits, while the matrix is read front to back (no copy, no strided column gathers).
extension Preprocessor {
    /// One column's fitted values.
    struct ColumnFit: Sendable, Equatable {
        var center: Double
        var scale: Double
        var fill: Double

        /// A column without a finite training value.
        static let empty = ColumnFit(center: 0, scale: 1, fill: .nan)
    }

    /// Fits on the training rows of `rows` (rows past every warm-up with a finite target), after
    /// inf → NaN and forward fill; uses `config.scaler`, `config.clip`, `config.ffillLimit`.
    /// The robust fit sorts column bands on all cores; the result does not depend on how many.
    /// - Complexity: O(rows · columns · log rows) for the robust scaler, O(rows · columns) otherwise
    ///   (two passes over the rows up to `rows.upperBound`), O(columns) extra memory for the
    ///   standard scaler.
    public static func fit(_ matrix: FeatureMatrix, trainingRows rows: Range<Int>, config: FeatureConfig)
        throws(FeatureError) -> Preprocessor
    {
        let trainingCount = matrix.trainingRowCount(in: rows)
        guard trainingCount > 0 else {
            throw .emptyTrainingRange(lower: rows.lowerBound, upper: rows.upperBound)
        }
        let filter = TrainingRowFilter(matrix: matrix, rows: rows)
        let columns: [ColumnFit]
        switch config.scaler {
        case .standard:
            // One full-width band: the sweep is memory-bound (see `CleaningSweep`).
            columns = standardFit(matrix, columns: 0..<matrix.columnCount, filter: filter, ffillLimit: config.ffillLimit)
        case .robust:
            // Narrow bands: each gathers its columns' training values (8 columns ≈ one cache line a row).
            let bands = ColumnBands.split(matrix.columnCount, into: (matrix.columnCount + 7) / 8)
            columns = ColumnBands.map(bands) { band in
                robustFit(matrix, columns: band, filter: filter, ffillLimit: config.ffillLimit, capacity: trainingCount)
            }.flatMap { $0 }
        }
        return Preprocessor(
            symbol: matrix.symbol, featureNames: matrix.names, specHash: FeatureSpec.hash(of: matrix.specs),
            scaler: config.scaler, centers: columns.map(\.center), scales: columns.map(\.scale),
            fillValues: columns.map(\.fill), clip: config.clip, ffillLimit: config.ffillLimit, trainRows: rows,
            trainingRowCount: trainingCount)
    }

    /// Mean and population standard deviation of a band's finite cleaned training values: one pass
    /// for the sums, one for the squared deviations.
    static func standardFit(_ matrix: FeatureMatrix, columns: Range<Int>, filter: TrainingRowFilter, ffillLimit: Int)
        -> [ColumnFit]
    {
        let width = columns.count
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: width)
        let squares = UnsafeMutableBufferPointer<Double>.allocate(capacity: width)
        let means = UnsafeMutableBufferPointer<Double>.allocate(capacity: width)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: width)
        defer {
            sums.deallocate()
            squares.deallocate()
            means.deallocate()
            counts.deallocate()
        }
        sums.initialize(repeating: 0)
        squares.initialize(repeating: 0)
        counts.initialize(repeating: 0)
        var pass1 = TrainingSums(filter: filter, sums: sums, counts: counts)
        _ = CleaningSweep.run(
            matrix, columns: columns, rowLimit: filter.rowLimit, ffillLimit: ffillLimit, fillValues: nil,
            visitor: &pass1)
        for j in 0..<width { means[j] = counts[j] > 0 ? sums[j] / Double(counts[j]) : .nan }
        var pass2 = TrainingSquares(filter: filter, means: UnsafeBufferPointer(means), squares: squares)
        _ = CleaningSweep.run(
            matrix, columns: columns, rowLimit: filter.rowLimit, ffillLimit: ffillLimit, fillValues: nil,
            visitor: &pass2)
        return (0..<width).map { j in
            guard counts[j] > 0 else { return .empty }
            let sd = (squares[j] / Double(counts[j])).squareRoot()
            return ColumnFit(center: means[j], scale: sd > 0 && sd.isFinite ? sd : 1, fill: means[j])
        }
    }

    /// Mean, median and IQR of a band's finite cleaned training values (gathered, then sorted).
    static func robustFit(
        _ matrix: FeatureMatrix, columns: Range<Int>, filter: TrainingRowFilter, ffillLimit: Int, capacity: Int
    ) -> [ColumnFit] {
        var gather = TrainingGather(filter: filter, width: columns.count, capacity: capacity)
        _ = CleaningSweep.run(
            matrix, columns: columns, rowLimit: filter.rowLimit, ffillLimit: ffillLimit, fillValues: nil,
            visitor: &gather)
        return gather.columns.map { values in
            guard !values.isEmpty else { return .empty }
            let mean = values.reduce(0, +) / Double(values.count)
            let sorted = values.sorted()
            let iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25)
            return ColumnFit(center: quantile(sorted, 0.5), scale: iqr > 0 && iqr.isFinite ? iqr : 1, fill: mean)
        }
    }
}

/// Which swept rows are training rows: inside the range, past every warm-up, with a finite target
/// (the rows `FeatureMatrix.trainingRows(in:)` lists).
struct TrainingRowFilter: Sendable {
    let rows: Range<Int>
    let warmup: Int
    let target: [Double]

    init(matrix: FeatureMatrix, rows: Range<Int>) {
        self.rows = rows.clamped(to: 0..<matrix.rowCount)
        warmup = matrix.warmupRows
        target = matrix.target
    }

    /// The sweep can stop after the last row of the range.
    var rowLimit: Int { rows.upperBound }

    @inline(__always) func contains(_ row: Int, position: Int) -> Bool {
        rows.contains(row) && position >= warmup && target[row].isFinite
    }
}

/// A fit pass over the training cells: `filter` picks the rows, and `add` sees each finite cleaned
/// value of them with its column, in row order.
protocol TrainingValueVisitor: CleanedCellVisitor {
    var filter: TrainingRowFilter { get }
    /// One finite cleaned value of a training row.
    mutating func add(_ value: Double, column: Int)
}

extension TrainingValueVisitor {
    mutating func beginRow(_ row: Int, position: Int) -> Bool { filter.contains(row, position: position) }

    @inline(__always) mutating func visit(row: Int, column: Int, raw: Double, cleaned: Double, live: Bool) {
        if cleaned.isFinite { add(cleaned, column: column) }
    }
}

/// Pass 1 of the standard fit: per column, the sum (from 0, in row order) and count of the finite
/// cleaned training values (into buffers the caller owns).
struct TrainingSums: TrainingValueVisitor {
    let filter: TrainingRowFilter
    let sums: UnsafeMutableBufferPointer<Double>
    let counts: UnsafeMutableBufferPointer<Int>

    @inline(__always) mutating func add(_ value: Double, column: Int) {
        sums[column] += value
        counts[column] += 1
    }
}

/// Pass 2 of the standard fit: per column, the sum (from 0, in row order) of squared deviations
/// of the finite cleaned training values from the column's mean (into a buffer the caller owns).
struct TrainingSquares: TrainingValueVisitor {
    let filter: TrainingRowFilter
    let means: UnsafeBufferPointer<Double>
    let squares: UnsafeMutableBufferPointer<Double>

    @inline(__always) mutating func add(_ value: Double, column: Int) {
        let deviation = value - means[column]
        squares[column] += deviation * deviation
    }
}

/// The robust fit's gather: per column, the finite cleaned training values in row order.
struct TrainingGather: TrainingValueVisitor {
    let filter: TrainingRowFilter
    var columns: [[Double]]

    init(filter: TrainingRowFilter, width: Int, capacity: Int) {
        self.filter = filter
        columns = (0..<width).map { _ in
            var column: [Double] = []
            column.reserveCapacity(capacity)
            return column
        }
    }

    @inline(__always) mutating func add(_ value: Double, column: Int) { columns[column].append(value) }
}
