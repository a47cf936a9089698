import Dispatch
import Foundation

extension BarLoader {
    /// Files at least this large are split at line boundaries and parsed concurrently.
    static let concurrentParseThreshold = 4 << 20

    /// Reads a CSV file's bytes into raw (file-order) bars and the first part of the report;
    /// `chunks` overrides the number of concurrently parsed parts (tests, measurements), and a
    /// set `cancellation` stops every part within `CSVChunkParser.cancellationStride` rows.
    /// - Complexity: O(bytes); the parse runs on up to `min(cores, 4)` threads for large files.
    static func loadCSV(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, chunks: Int? = nil,
        cancellation: CancellationToken = .never
    ) throws(DataError) -> (RawBars, LoadReport) {
        let count = bytes.count
        var lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineNumber = 1
        var lineEnd = count
        var firstLine: [UInt8] = []
        while lineStart < count {
            lineEnd = lineStart
            while lineEnd < count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            firstLine = Array(bytes[lineStart..<lineEnd])
            while let last = firstLine.last, last == UInt8(ascii: "\r") { firstLine.removeLast() }
            if firstLine.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) {
                break
            }
            firstLine = []
            lineNumber += 1
            lineStart = lineEnd + 1
        }
        guard !firstLine.isEmpty else { throw .emptyFile(path: path) }

        let layout = try CSVLayout.detect(firstLine: firstLine, lineNumber: lineNumber, path: path)
        let dataStart = layout.hasHeader ? min(lineEnd + 1, count) : lineStart
        let firstRowLine = layout.hasHeader ? lineNumber + 1 : lineNumber
        let fields = layout.fields

        let chunkCount = chunks ?? Self.chunkCount(byteCount: count - dataStart)
        let ranges = chunkRanges(bytes, from: dataStart, count: chunkCount)
        let slots = ParserSlots(count: ranges.count, bytes: bytes)
        defer { slots.release() }
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            let range = ranges[index]
            let capacity = CSVChunkParser.estimatedRows(in: slots.bytes, range: range)
            let parser = CSVChunkParser(range: range, capacity: capacity, fields: fields)
            parser.parse(slots.bytes, layout: layout, cancellation: cancellation)
            slots.store(parser, at: index)
        }
        let parsers = slots.parsers
        if parsers.contains(where: \.wasCancelled) { throw .loadCancelled(path: path) }

        if let failed = parsers.first(where: { $0.failure != nil }), let failure = failed.failure {
            let line = 1 + CSVChunkParser.countNewlines(in: bytes, range: 0..<failure.rowOffset)
            let column = layout.columnName(ofCell: failure.cell)
            switch failure.problem {
            case .missingCell:
                throw .missingCell(path: path, line: line, column: column)
            case .unparseable(let text, let expected):
                throw .unparseableCell(path: path, line: line, column: column, text: text, expected: expected)
            }
        }

        let rowCount = parsers.reduce(0) { $0 + $1.rowCount }
        guard rowCount > 0 else {
            throw layout.hasHeader ? .noRows(path: path) : .emptyFile(path: path)
        }
        var blanks = BlankLines()
        var rowsBefore = 0
        for parser in parsers {
            blanks.append(parser.blankLines, rowOffset: rowsBefore)
            rowsBefore += parser.rowCount
        }
        let times = concatenate(parsers.map(\.parsedTimes), count: rowCount)
        var values = [[Double]?](repeating: nil, count: BarField.allCases.count)
        for field in fields {
            values[field.rawValue] = concatenate(parsers.map { $0.parsedValues(field) }, count: rowCount)
        }

        let usedColumns = layout.targets.indices
            .filter { layout.targets[$0] != CSVLayout.ignored }
            .map { layout.columnName(ofCell: $0) }
        let report = LoadReport(
            path: path, format: layout.format, byteCount: count,
            lineCount: (lineNumber - 1) + (layout.hasHeader ? 1 : 0) + rowCount + blanks.count,
            hasHeader: layout.hasHeader, columns: usedColumns,
            blankLines: (lineNumber - 1) + blanks.count, rowsRead: rowCount, duplicatesDropped: 0,
            duplicateExamples: [], outOfOrderRows: 0, outOfOrderExamples: [], symbolOrigin: .fileName,
            intervalOrigin: .fileName, medianSpacingMilliseconds: nil)
        let raw = RawBars(
            times: times, values: values,
            lines: .csv(firstRowLine: firstRowLine, blanks: blanks))
        return (raw, report)
    }

    /// How many chunks to parse concurrently: one per core (at most 4) for large files.
    static func chunkCount(byteCount: Int) -> Int {
        guard byteCount >= concurrentParseThreshold else { return 1 }
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
    }

    /// Splits `bytes[start...]` into at most `count` ranges that each end just after a newline
    /// (or at the end of the file).
    static func chunkRanges(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int)
        -> [Range<Int>]
    {
        let total = bytes.count
        var ranges: [Range<Int>] = []
        var lower = start
        for part in 1...count {
            var upper = part == count ? total : start + (total - start) * part / count
            upper = max(upper, lower)
            while upper < total, upper > 0, bytes[upper - 1] != UInt8(ascii: "\n") { upper += 1 }
            if upper > lower { ranges.append(lower..<upper) }
            lower = upper
        }
        return ranges.isEmpty ? [start..<total] : ranges
    }

    private static func concatenate<T>(_ parts: [UnsafeBufferPointer<T>], count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            var offset = 0
            for part in parts {
                guard let source = part.baseAddress, let target = buffer.baseAddress else { continue }
                (target + offset).initialize(from: source, count: part.count)
                offset += part.count
            }
            initialized = offset
        }
    }
}

/// The file's bytes (read-only) and one slot per chunk, each written by exactly one
/// `concurrentPerform` iteration.
private final class ParserSlots: @unchecked Sendable {
    // @unchecked: the bytes are only read, and stay alive for the whole parse; iteration `i`
    // writes only slot `i`; slots are read after all iterations end.
    let bytes: UnsafeBufferPointer<UInt8>
    private let slots: UnsafeMutableBufferPointer<CSVChunkParser?>

    init(count: Int, bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    func store(_ parser: CSVChunkParser, at index: Int) { slots[index] = parser }

    var parsers: [CSVChunkParser] { slots.compactMap { $0 } }

    func release() {
        _ = slots.deinitialize()
        slots.deallocate()
    }
}
