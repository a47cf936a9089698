/// Bars in file order, as a loader read them.
struct RawBars: Sendable {
    /// Bar times, epoch milliseconds, in file order.
    var times: [Int64]
    /// Values per `BarField.rawValue`; `nil` for columns the source lacks.
    var values: [[Double]?]
    /// Where each row came from.
    var lines: LineMap
}

/// Maps a row index (file order) to its line number or row id.
enum LineMap: Sendable, Equatable {
    /// CSV rows: the line of row 0, and the blank lines among the rows.
    case csv(firstRowLine: Int, blanks: BlankLines)
    /// SQLite rows: their row ids.
    case rowIDs([Int64])

    /// The line (or row id) of row `row`.
    /// - Complexity: O(log runs of blank lines).
    func line(ofRow row: Int) -> Int {
        switch self {
        case .csv(let firstRowLine, let blanks): firstRowLine + row + blanks.count(beforeRow: row)
        case .rowIDs(let ids): Int(ids[row])
        }
    }
}

/// The blank lines among a CSV file's rows, run-length encoded (so a file of a billion empty
/// lines costs one run, not a billion entries).
struct BlankLines: Sendable, Equatable {
    /// For each run, the rows parsed before it (ascending).
    private(set) var rowsBefore: [Int] = []
    /// For each run, the blank lines up to and including it.
    private(set) var totals: [Int] = []

    /// No blank lines.
    init() {}

    /// One blank line per entry of `rowsBefore` (the rows parsed before it, ascending).
    init(rowsBefore: [Int]) {
        for row in rowsBefore { append(beforeRow: row) }
    }

    /// All blank lines.
    var count: Int { totals.last ?? 0 }

    /// Records `count` blank lines met after `row` rows.
    mutating func append(beforeRow row: Int, count: Int = 1) {
        if let last = rowsBefore.last, last == row {
            totals[totals.count - 1] += count
        } else {
            rowsBefore.append(row)
            totals.append(self.count + count)
        }
    }

    /// Appends the blank lines of a later chunk whose rows start at `rowOffset`.
    mutating func append(_ other: BlankLines, rowOffset: Int) {
        var previous = 0
        for (row, total) in zip(other.rowsBefore, other.totals) {
            append(beforeRow: row + rowOffset, count: total - previous)
            previous = total
        }
    }

    /// The blank lines recorded before row `row` (with a row count <= `row`).
    /// - Complexity: O(log runs).
    func count(beforeRow row: Int) -> Int {
        var lo = 0
        var hi = rowsBefore.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rowsBefore[mid] <= row { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? 0 : totals[lo - 1]
    }
}

/// Time-sorted, de-duplicated columns and what it took to get them.
struct AssembledBars: Sendable {
    var times: [Int64]
    var values: [[Double]?]
    var rowsRead: Int
    var duplicatesDropped = 0
    var duplicateExamples: [LoadReport.DuplicateTimestamp] = []
    var outOfOrderRows = 0
    var outOfOrderExamples: [LoadReport.OutOfOrderRow] = []
    /// The file-order row of each kept bar, or `nil` when the rows were kept as read.
    var sourceRows: [Int]?
}

/// Sorts rows by time (stably), keeps the last row of each timestamp, and records both.
enum BarAssembler {
    /// Sorts and de-duplicates `raw`; values are moved, never altered.
    /// - Complexity: O(n) for sorted unique input, O(n log n) otherwise.
    static func assemble(_ raw: RawBars) -> AssembledBars {
        let times = raw.times
        let count = times.count
        var result = AssembledBars(times: times, values: raw.values, rowsRead: count)
        var hasDuplicates = false
        if count > 1 {
            for index in 1..<count {
                let previous = times[index - 1]
                if times[index] < previous {
                    result.outOfOrderRows += 1
                    if result.outOfOrderExamples.count < LoadReport.exampleLimit {
                        result.outOfOrderExamples.append(
                            LoadReport.OutOfOrderRow(
                                line: raw.lines.line(ofRow: index), timestamp: times[index],
                                previousTimestamp: previous))
                    }
                } else if times[index] == previous {
                    hasDuplicates = true
                }
            }
        }
        if result.outOfOrderRows == 0 && !hasDuplicates { return result }

        // File order within equal times is kept, so the last row of a run is the last in the file.
        var order = Array(0..<count)
        if result.outOfOrderRows > 0 {
            order.sort { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
        }
        var kept: [Int] = []
        kept.reserveCapacity(count)
        var start = 0
        while start < count {
            var stop = start + 1
            while stop < count, times[order[stop]] == times[order[start]] { stop += 1 }
            let keptRow = order[stop - 1]
            for position in start..<(stop - 1) {
                let dropped = order[position]
                result.duplicatesDropped += 1
                if result.duplicateExamples.count < LoadReport.exampleLimit {
                    result.duplicateExamples.append(
                        LoadReport.DuplicateTimestamp(
                            timestamp: times[dropped], droppedLine: raw.lines.line(ofRow: dropped),
                            keptLine: raw.lines.line(ofRow: keptRow),
                            identical: sameValues(raw.values, dropped, keptRow)))
                }
            }
            kept.append(keptRow)
            start = stop
        }
        result.sourceRows = kept
        result.times = kept.map { times[$0] }
        result.values = raw.values.map { column in column.map { values in kept.map { values[$0] } } }
        return result
    }

    /// Whether rows `a` and `b` hold bit-identical values in every column.
    private static func sameValues(_ values: [[Double]?], _ a: Int, _ b: Int) -> Bool {
        values.allSatisfy { column in
            guard let column else { return true }
            return column[a].bitPattern == column[b].bitPattern
        }
    }

    /// The median spacing of ascending, unique `times` (the lower median for an even count).
    /// - Returns: `nil` with fewer than two times.
    /// - Complexity: O(n) expected (quickselect).
    static func medianSpacing(of times: [Int64]) -> Int64? {
        guard times.count > 1 else { return nil }
        var spacings = [Int64](unsafeUninitializedCapacity: times.count - 1) { buffer, initialized in
            for index in 1..<times.count { buffer[index - 1] = times[index] - times[index - 1] }
            initialized = times.count - 1
        }
        return select(&spacings, rank: (spacings.count - 1) / 2)
    }

    /// The element of rank `rank` (0-based) of `values`, reordering them (Hoare's quickselect with
    /// a median-of-three pivot; runs of equal values are handled in one pass).
    static func select(_ values: inout [Int64], rank: Int) -> Int64 {
        precondition(rank >= 0 && rank < values.count, "BarAssembler.select: rank \(rank) out of range")
        var lo = 0
        var hi = values.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let pivot = median3(values[lo], values[mid], values[hi])
            // Three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot.
            var lt = lo
            var gt = hi
            var index = lo
            while index <= gt {
                if values[index] < pivot {
                    values.swapAt(lt, index)
                    lt += 1
                    index += 1
                } else if values[index] > pivot {
                    values.swapAt(index, gt)
                    gt -= 1
                } else {
                    index += 1
                }
            }
            if rank < lt {
                hi = lt - 1
            } else if rank > gt {
                lo = gt + 1
            } else {
                return pivot
            }
        }
        return values[lo]
    }

    private static func median3(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        max(min(a, b), min(max(a, b), c))
    }
}
