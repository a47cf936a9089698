import Dispatch
import Foundation

/// What `CleaningSweep` hands each swept cell to: the preprocessor's fit passes, the NaN report,
/// `transform` and `FeatureCleaner.clean` are visitors, so none of them copies the matrix first.
protocol CleanedCellVisitor {
    /// Called once per swept row before its cells, with the row's position in its segment (0 for a
    /// row outside every segment). Returns whether `visit` runs for the row's cells; the
    /// forward-fill state advances either way.
    mutating func beginRow(_ row: Int, position: Int) -> Bool
    /// One cell of the band: `column` counts from the band's first column. `raw` is the stored
    /// value; `cleaned` the value after the pipeline (`raw` itself where `live` is false, in a
    /// warm-up or outside every segment, which the pipeline never touches).
    mutating func visit(row: Int, column: Int, raw: Double, cleaned: Double, live: Bool)
}

/// `FeatureCleaner`'s causal pipeline (±inf → NaN, forward fill inside the segment, fill value or
/// zero) streamed over a band of columns of the row-major matrix: rows in order, the band's cells
/// of a row next to each other in memory, per-column state in a small array. So a column's cells
/// are visited in row order (sums over them keep their order and their bits) while the matrix is
/// read once, front to back, without a copy.
///
/// The streaming users (`FeatureCleaner`, `NaNReport`, the standard fit) sweep the full width on
/// one core. Measured on the 2-core target with the 1M-row features (`features BTCEUR`): two
/// half-width bands each read every row with a 464-byte gap, which defeats the prefetcher, and
/// took more CPU and more wall time than one thread reading the rows contiguously. The second core
/// is better spent faulting in the matrix's pages while it is generated (`LargeArrays.Prefault`)
/// and on the robust fit's sorts, which are compute-bound (`ColumnBands`).
enum CleaningSweep {
    /// Runs the pipeline over `columns` of rows `0..<rowLimit` and returns each band column's counts.
    /// - Parameters:
    ///   - fillValues: one per matrix column (training means), or `nil` to stop after the forward
    ///     fill (what is left stays NaN and counts as `remaining`).
    /// - Complexity: O(rowLimit · columns.count) time, O(columns.count) extra memory.
    static func run<V: CleanedCellVisitor>(
        _ matrix: FeatureMatrix, columns: Range<Int>, rowLimit: Int, ffillLimit: Int, fillValues: [Double]?,
        visitor: inout V
    ) -> [FeatureCleaner.Counts] {
        let band = columns.count
        let width = matrix.columnCount
        let limit = min(rowLimit, matrix.rowCount)
        let lookbacks = UnsafeMutableBufferPointer<Int>.allocate(capacity: band)
        let fills = UnsafeMutableBufferPointer<Double>.allocate(capacity: band)
        let lastValid = UnsafeMutableBufferPointer<Double>.allocate(capacity: band)
        let sinceValid = UnsafeMutableBufferPointer<Int>.allocate(capacity: band)
        let counts = UnsafeMutableBufferPointer<FeatureCleaner.Counts>.allocate(capacity: band)
        defer {
            for buffer in [UnsafeMutableRawBufferPointer(lookbacks), .init(fills), .init(lastValid), .init(sinceValid)] {
                buffer.deallocate()
            }
            counts.deallocate()
        }
        for j in 0..<band {
            lookbacks[j] = matrix.specs[columns.lowerBound + j].lookback
            fills[j] = fillValues?[columns.lowerBound + j] ?? .nan
        }
        counts.initialize(repeating: FeatureCleaner.Counts())
        let filling = fillValues != nil
        let maxLookback = lookbacks.max() ?? 0

        /// The pipeline for a NaN or ±inf value of band column `j` (the rare path).
        func step(_ j: Int, _ raw: Double) -> Double {
            if raw.isInfinite { counts[j].inf += 1 }
            if sinceValid[j] < ffillLimit {
                sinceValid[j] += 1
                counts[j].forwardFilled += 1
                return lastValid[j]
            }
            if sinceValid[j] != .max { sinceValid[j] += 1 }
            if !filling {
                counts[j].remaining += 1
                return .nan
            }
            if fills[j].isFinite {
                counts[j].meanFilled += 1
                return fills[j]
            }
            counts[j].zeroFilled += 1
            return 0
        }
        matrix.values.withUnsafeBufferPointer { values in
            guard let base = values.baseAddress, band > 0 else { return }

            /// Rows `rows` of one segment starting at `start` (nil: outside every segment).
            func sweep(_ rows: Range<Int>, segmentStart start: Int?) {
                lastValid.update(repeating: .nan)
                sinceValid.update(repeating: .max)
                for r in rows {
                    let position = start.map { r - $0 } ?? 0
                    let visiting = visitor.beginRow(r, position: position)
                    let cells = base + r * width + columns.lowerBound
                    let allLive = start != nil && position >= maxLookback
                    for j in 0..<band {
                        let raw = cells[j]
                        guard allLive || (start != nil && position >= lookbacks[j]) else {
                            if visiting { visitor.visit(row: r, column: j, raw: raw, cleaned: raw, live: false) }
                            continue
                        }
                        var x = raw
                        if !x.isFinite {
                            x = step(j, raw)
                        } else {
                            lastValid[j] = x
                            sinceValid[j] = 0
                        }
                        if visiting { visitor.visit(row: r, column: j, raw: raw, cleaned: x, live: true) }
                    }
                }
            }

            var next = 0
            for segment in matrix.segments where segment.start < limit && segment.start >= next {
                if next < segment.start { sweep(next..<segment.start, segmentStart: nil) }
                next = min(segment.end, limit)
                sweep(segment.start..<next, segmentStart: segment.start)
            }
            if next < limit { sweep(next..<limit, segmentStart: nil) }
        }
        return Array(counts)
    }
}

/// Splits the columns of a matrix into bands that can run on separate cores, deterministically:
/// each column belongs to exactly one band and is computed the same way whatever the band count
/// (the robust fit's gathers and sorts).
enum ColumnBands {
    /// `0..<count` in `parts` contiguous, nearly equal ranges (none when `count` is 0).
    static func split(_ count: Int, into parts: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let parts = max(1, min(parts, count))
        return (0..<parts).map { p in (count * p / parts)..<(count * (p + 1) / parts) }
    }

    /// `body(band)` for every band, concurrently, results in band order.
    static func map<T>(_ bands: [Range<Int>], _ body: @Sendable (Range<Int>) -> T) -> [T] {
        guard bands.count > 1 else { return bands.map(body) }
        let slots = Slots<T>(count: bands.count)
        defer { slots.release() }
        DispatchQueue.concurrentPerform(iterations: bands.count) { i in slots.store(body(bands[i]), at: i) }
        return slots.values
    }
}

/// One result slot per `concurrentPerform` iteration.
private final class Slots<T>: @unchecked Sendable {
    // @unchecked: iteration `i` writes only slot `i`; the slots are read after every iteration ended.
    private let slots: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    func store(_ value: T, at index: Int) { slots[index] = value }

    var values: [T] { slots.compactMap { $0 } }

    func release() {
        slots.deinitialize()
        slots.deallocate()
    }
}
