import Testing

@testable import KiloCore

@Suite struct CSVChunkParserTests {
    static func parse(_ text: String, capacity: Int) throws -> CSVChunkParser {
        let bytes = Array(text.utf8)
        let layout = try CSVLayout.detect(
            firstLine: Array("timestamp,open,high,low,close,volume,trades".utf8), lineNumber: 1, path: "p")
        let parser = CSVChunkParser(range: 0..<bytes.count, capacity: capacity, fields: layout.fields)
        bytes.withUnsafeBufferPointer { parser.parse($0, layout: layout) }
        return parser
    }

    @Test func growsBeyondAShortEstimate() throws {
        let text = (0..<1_000).map { "\($0),1,2,0.5,\($0).25,3,7\n" }.joined()
        let parser = try Self.parse(text, capacity: 3)
        #expect(parser.failure == nil)
        #expect(parser.rowCount == 1_000)
        #expect(Array(parser.parsedTimes) == (0..<1_000).map { Int64($0) * 1_000 })
        #expect(Array(parser.parsedValues(.close)) == (0..<1_000).map { Double($0) + 0.25 })
        #expect(Array(parser.parsedValues(.trades)) == Array(repeating: 7, count: 1_000))
    }

    @Test func missingOptionalCellsReadAsNaNAndExtraCellsAreIgnored() throws {
        let parser = try Self.parse("1,1,2,0.5,1.5,3\n2,1,2,0.5,1.5,3,9,extra,cells\n", capacity: 4)
        #expect(parser.failure == nil)
        #expect(parser.rowCount == 2)
        #expect(parser.parsedValues(.trades)[0].isNaN)
        #expect(parser.parsedValues(.trades)[1] == 9)
    }

    @Test func slowPathsForQuotedPaddedAndISOCells() throws {
        let parser = try Self.parse(
            "\"2024-08-23 11:00:00\", 1 ,\"2\",0.5,1.5,3,1\r\n2024-08-23T11:30:00Z,1e0,2,5E-1,1.5,3,1\r\n", capacity: 1)
        #expect(parser.failure == nil)
        #expect(Array(parser.parsedTimes) == [utc(2024, 8, 23, 11), utc(2024, 8, 23, 11, 30)])
        #expect(Array(parser.parsedValues(.open)) == [1, 1])
        #expect(Array(parser.parsedValues(.high)) == [2, 2])
        #expect(Array(parser.parsedValues(.low)) == [0.5, 0.5])
    }

    @Test func failureRecordsRowOffsetAndCell() throws {
        let parser = try Self.parse("1,1,2,0.5,1.5,3,1\n2,1,2,x,1.5,3,1\n3,1,2,0.5,1.5,3,1\n", capacity: 8)
        #expect(parser.rowCount == 1)
        #expect(
            parser.failure
                == CSVFailure(rowOffset: 18, cell: 3, problem: .unparseable(text: "x", expected: .number)))
    }

    @Test func chunkRangesEndAtNewlines() {
        let text = Array("h\naaaa\nbb\ncccccc\nd\n".utf8)
        text.withUnsafeBufferPointer { bytes in
            for count in 1...6 {
                let ranges = BarLoader.chunkRanges(bytes, from: 2, count: count)
                #expect(ranges.first?.lowerBound == 2)
                #expect(ranges.last?.upperBound == bytes.count)
                for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
                #expect(ranges.allSatisfy { bytes[$0.upperBound - 1] == UInt8(ascii: "\n") })
            }
        }
    }
}
