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

@Suite struct CSVLoaderFuzzTests {
    /// Random byte edits of a small valid file: loading either succeeds or throws a `DataError`,
    /// never crashes, and gives the same answer whatever the number of concurrent chunks.
    @Test func mutatedFilesLoadOrFailCleanlyAndChunkingAgrees() {
        let base = Array(
            """
            timestamp,open,high,low,close,volume,trades
            1724410800000,1.5,2,0.5,1.25,3,7
            1724412600000,1.5,2,0.5,1.25,3,7
            1724414400000,"1.5",2,0.5,1.25,3,7
            2024-08-23T12:30:00Z,1.5,2,0.5,nan,3,7
            1724418000000,1.5,2,0.5,1.25,3

            """.utf8)
        let alphabet = Array(",\n\r\" .-e0123456789anx".utf8)
        var rng = SplitMix64(seed: 99)
        var loadedCount = 0
        for _ in 0..<2_000 {
            var bytes = base
            for _ in 0..<Int(rng.next() % 4) + 1 {
                let position = Int(rng.next() % UInt64(bytes.count))
                let byte = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                switch rng.next() % 3 {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
            }
            let outcomes: [String] = (1...3).map { chunks in
                bytes.withUnsafeBufferPointer { buffer in
                    do {
                        let (raw, report) = try BarLoader.loadCSV(buffer, path: "f.csv", chunks: chunks)
                        let lines = (0..<raw.times.count).map(raw.lines.line(ofRow:))
                        let closes = raw.values[BarField.close.rawValue]?.map(\.bitPattern) ?? []
                        return "ok \(raw.times) \(closes) \(lines) \(report.lineCount) \(report.blankLines)"
                    } catch {
                        return "error \(error)"
                    }
                }
            }
            if outcomes[0].hasPrefix("ok") { loadedCount += 1 }
            #expect(outcomes[1] == outcomes[0])
            #expect(outcomes[2] == outcomes[0])
        }
        #expect(loadedCount > 100)
    }
}
