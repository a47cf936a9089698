/// Why a chunk stopped: the first unusable row it met.
struct CSVFailure: Sendable, Equatable {
    /// What was wrong with the row.
    enum Problem: Sendable, Equatable {
        case unparseable(text: String, expected: DataError.CellKind)
        case missingCell
    }

    /// Byte offset of the row's first byte in the file.
    var rowOffset: Int
    /// The cell index of the offending column.
    var cell: Int
    var problem: Problem
}

/// Parses the rows of one byte range of a CSV file into column buffers.
///
/// A chunk starts at a row start and ends just after a newline (or at the end of the file), so
/// several chunks of one file can be parsed concurrently, each into its own buffers. The parser
/// reads bytes directly: times through `BarTime.scanEpoch`, numbers through
/// `DecimalParser.scan`, and only unusual cells (quoted, padded, ISO dates, `nan`) through the
/// slower whole-cell parsers.
final class CSVChunkParser: @unchecked Sendable {
    // @unchecked: each instance is written by exactly one thread (its own concurrentPerform
    // iteration) and read only after that iteration has finished.

    /// The byte range of the chunk in the file.
    let range: Range<Int>
    /// Rows parsed so far.
    private(set) var rowCount = 0
    /// The blank lines met, by the number of rows parsed before them.
    private(set) var blankLines = BlankLines()
    /// The first unusable row, if any; parsing stops there.
    private(set) var failure: CSVFailure?
    /// Whether parsing stopped early because the cancellation token was set.
    private(set) var wasCancelled = false

    private var capacity: Int
    private var times: UnsafeMutablePointer<Int64>
    private let columns: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    private let fields: [BarField]

    /// Creates a parser for `range` with room for `capacity` rows of `fields` (it grows when the
    /// estimate is short).
    init(range: Range<Int>, capacity: Int, fields: [BarField]) {
        self.range = range
        self.capacity = max(capacity, 1)
        self.fields = fields
        times = .allocate(capacity: self.capacity)
        columns = .allocate(capacity: BarField.allCases.count)
        for field in BarField.allCases {
            let slotCapacity = fields.contains(field) ? self.capacity : 1
            (columns + field.rawValue).initialize(to: .allocate(capacity: slotCapacity))
        }
    }

    deinit {
        times.deallocate()
        for slot in 0..<BarField.allCases.count { columns[slot].deallocate() }
        columns.deallocate()
    }

    /// The parsed times.
    var parsedTimes: UnsafeBufferPointer<Int64> { UnsafeBufferPointer(start: times, count: rowCount) }

    /// The parsed values of `field` (meaningful only for fields of the layout).
    func parsedValues(_ field: BarField) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: columns[field.rawValue], count: rowCount)
    }

    /// Lines (rows or blank) parsed between two looks at the cancellation token.
    static let cancellationStride = 1 << 16

    /// Parses the chunk's rows of `file` with `layout`, stopping (with `wasCancelled` set) within
    /// `cancellationStride` lines once `cancellation` is set.
    /// - Complexity: O(bytes in the chunk).
    func parse(_ file: UnsafeBufferPointer<UInt8>, layout: CSVLayout, cancellation: CancellationToken = .never) {
        guard let base = file.baseAddress else { return }
        layout.targets.withUnsafeBufferPointer { targets in
            parseRows(base: base, targets: targets, layout: layout, cancellation: cancellation)
        }
    }

    private func parseRows(
        base: UnsafePointer<UInt8>, targets: UnsafeBufferPointer<Int8>, layout: CSVLayout,
        cancellation: CancellationToken
    ) {
        let newline = UInt8(ascii: "\n")
        let delimiter = layout.delimiter
        let end = base + range.upperBound
        let usedCells = layout.usedCellCount
        let requiredCells = layout.requiredCellCount
        var p = base + range.lowerBound
        // The first line looks too, so a load cancelled before the parse parses nothing.
        var linesSinceCheck = Self.cancellationStride - 1
        rows: while p < end {
            linesSinceCheck += 1
            if linesSinceCheck == Self.cancellationStride {
                linesSinceCheck = 0
                if cancellation.isCancelled {
                    wasCancelled = true
                    return
                }
            }
            let rowStart = p
            if p.pointee == newline {
                blankLines.append(beforeRow: rowCount)
                p += 1
                continue
            }
            if rowCount == capacity { grow() }
            let row = rowCount
            var cell = 0
            cells: while true {
                let target = targets[cell]
                var unreadable: DataError.CellKind? = nil
                if target == CSVLayout.time {
                    if let milliseconds = Self.readCell(
                        &p, end: end, delimiter: delimiter, scan: BarTime.scanEpoch, parse: Self.slowTime)
                    {
                        times[row] = milliseconds
                    } else {
                        unreadable = .time
                    }
                } else if target >= 0 {
                    if let value = Self.readCell(
                        &p, end: end, delimiter: delimiter, scan: DecimalParser.scan, parse: DecimalParser.parse)
                    {
                        columns[Int(target)][row] = value
                    } else {
                        unreadable = .number
                    }
                } else {
                    p = Self.cellEnd(from: p, end: end, delimiter: delimiter)
                }
                if let unreadable {
                    let cellEnd = Self.cellEnd(from: p, end: end, delimiter: delimiter)
                    let bytes = UnsafeBufferPointer(start: p, count: cellEnd - p)
                    fail(rowStart: rowStart, base: base, end: end, cell: cell, text: bytes, unreadable)
                    if failure != nil { return }
                    p = Self.lineEnd(from: rowStart, end: end)
                    continue rows
                }
                cell += 1
                guard p < end, p.pointee == delimiter else { break cells }
                p += 1
                if cell == usedCells { break cells }
            }
            if cell < requiredCells {
                if Self.isBlank(from: rowStart, end: end) {
                    blankLines.append(beforeRow: rowCount)
                } else {
                    failure = CSVFailure(rowOffset: rowStart - base, cell: cell, problem: .missingCell)
                    return
                }
            } else {
                // Optional cells missing at the end of a short row read as NaN (and are reported).
                for missing in cell..<usedCells where targets[missing] >= 0 {
                    columns[Int(targets[missing])][row] = .nan
                }
                rowCount += 1
            }
            // Skip unused cells, the carriage return and the newline.
            if p < end, p.pointee == newline {
                p += 1
            } else {
                p = Self.lineEnd(from: p, end: end)
            }
        }
    }

    /// Doubles the row capacity of every buffer.
    private func grow() {
        let newCapacity = capacity * 2
        let newTimes = UnsafeMutablePointer<Int64>.allocate(capacity: newCapacity)
        newTimes.moveInitialize(from: times, count: rowCount)
        times.deallocate()
        times = newTimes
        for field in fields {
            let old = columns[field.rawValue]
            let new = UnsafeMutablePointer<Double>.allocate(capacity: newCapacity)
            new.moveInitialize(from: old, count: rowCount)
            old.deallocate()
            columns[field.rawValue] = new
        }
        capacity = newCapacity
    }

    /// A capacity estimate for the rows of `range`: its length over the bytes per row of its
    /// first lines, plus a margin (the parser grows if it is short). Blank lines count as bytes,
    /// not rows, so a run of empty lines does not ask for a row per byte.
    static func estimatedRows(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int {
        var index = range.lowerBound
        var lines = 0
        var rows = 0
        var lineIsBlank = true
        while index < range.upperBound, lines < 64 {
            switch bytes[index] {
            case UInt8(ascii: "\n"):
                lines += 1
                if !lineIsBlank { rows += 1 }
                lineIsBlank = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            default:
                lineIsBlank = false
            }
            index += 1
        }
        guard index < range.upperBound else { return rows + 2 }
        guard rows > 0 else { return 64 }
        let bytesPerRow = Double(index - range.lowerBound) / Double(rows)
        return Int(Double(range.count) / bytesPerRow * 1.05) + 64
    }

    /// One cell through `scan` (the fast path, which stops at the cell's terminator), else through
    /// `parse` on the cell's bytes. `p` moves past the cell when either reads it and stays at its
    /// start when neither does (`nil`).
    @inline(__always)
    private static func readCell<Value>(
        _ p: inout UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, delimiter: UInt8,
        scan: (UnsafePointer<UInt8>, UnsafePointer<UInt8>, UInt8) -> (Value, UnsafePointer<UInt8>)?,
        parse: (UnsafeBufferPointer<UInt8>) -> Value?
    ) -> Value? {
        if let (value, next) = scan(p, end, delimiter) {
            p = next
            return value
        }
        let cellEnd = cellEnd(from: p, end: end, delimiter: delimiter)
        guard let value = parse(UnsafeBufferPointer(start: p, count: cellEnd - p)) else { return nil }
        p = cellEnd
        return value
    }

    /// Records a failure, unless the row is blank (then it is counted as a blank line).
    private func fail(
        rowStart: UnsafePointer<UInt8>, base: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>,
        cell: Int, text: UnsafeBufferPointer<UInt8>, _ expected: DataError.CellKind
    ) {
        if Self.isBlank(from: rowStart, end: end) {
            blankLines.append(beforeRow: rowCount)
            return
        }
        failure = CSVFailure(
            rowOffset: rowStart - base, cell: cell,
            problem: .unparseable(text: CellText.trimmed(text), expected: expected))
    }

    /// A time cell the epoch fast path did not take: ISO-8601 straight from the bytes, else the
    /// general parser.
    private static func slowTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var count = bytes.count
        while count > 0, bytes[count - 1] == UInt8(ascii: "\r") { count -= 1 }
        if let milliseconds = BarTime.parseISO8601(UnsafeBufferPointer(rebasing: bytes[0..<count])) {
            return milliseconds
        }
        return BarTime.parse(bytes)
    }

    /// The position of the delimiter or newline that ends the cell at `p` (or `end`).
    @inline(__always)
    private static func cellEnd(
        from p: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, delimiter: UInt8
    ) -> UnsafePointer<UInt8> {
        var q = p
        while q < end, q.pointee != delimiter, q.pointee != UInt8(ascii: "\n") { q += 1 }
        return q
    }

    /// The position just after the newline that ends the line containing `p` (or `end`).
    private static func lineEnd(from p: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>)
        -> UnsafePointer<UInt8>
    {
        var q = p
        while q < end, q.pointee != UInt8(ascii: "\n") { q += 1 }
        return q < end ? q + 1 : end
    }

    /// Whether the line starting at `p` holds only blanks (spaces, tabs, carriage returns).
    private static func isBlank(from p: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>) -> Bool {
        var q = p
        while q < end, q.pointee != UInt8(ascii: "\n") {
            let byte = q.pointee
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            else { return false }
            q += 1
        }
        return true
    }

    /// The number of newline bytes in `bytes[range]`.
    /// - Complexity: O(range.count), vectorised.
    static func countNewlines(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int {
        var count = 0
        for index in range where bytes[index] == UInt8(ascii: "\n") { count &+= 1 }
        return count
    }
}
