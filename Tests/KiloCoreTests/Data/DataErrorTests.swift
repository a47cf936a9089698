import Testing

@testable import KiloCore

@Suite struct DataErrorTests {
    @Test func descriptionsNameFileLineAndColumn() {
        let cases: [(DataError, String)] = [
            (.emptyFile(path: "data/x.csv"), "data/x.csv: file is empty"),
            (.noRows(path: "data/x.csv"), "data/x.csv: file has a header but no data rows"),
            (
                .missingColumn(path: "data/x.csv", column: "close", header: ["timestamp", "open"]),
                "data/x.csv: missing column 'close'; the header has 'timestamp', 'open'"
            ),
            (
                .missingColumn(path: "p.csv", column: "timestamp", header: ["a"]),
                "p.csv: missing column 'timestamp' (or one of 'open_time', 'time', 'datetime', 'date'); the header has 'a'"
            ),
            (
                .missingCell(path: "data/x.csv", line: 9, column: "low"),
                "data/x.csv:9: column 'low': the row ends before this column"
            ),
            (
                .unparseableCell(path: "data/x.csv", line: 17, column: "close", text: "abc"),
                "data/x.csv:17: column 'close': cannot parse 'abc' as a number"
            ),
            (
                .unparseableCell(path: "x.csv", line: 2, column: "date", text: "soon", expected: .time),
                "x.csv:2: column 'date': cannot parse 'soon' as a time"
            ),
            (.unreadable(path: "x.csv", reason: "No such file or directory"), "x.csv: cannot read file: No such file or directory"),
            (.unknownFormat(path: "x.zip"), "x.zip: unknown format (expected CSV text or a SQLite database)"),
            (
                .noDataFile(symbol: "XRPEUR", directory: "data"),
                "no data file for symbol 'XRPEUR' in 'data' (expected XRPEUR_INTERVAL.csv)"
            ),
            (
                .ambiguousSymbol(symbol: "SOL", directory: "d", candidates: ["SOL_1h.csv", "SOL_30m.csv"]),
                "symbol 'SOL' matches several files in 'd': 'SOL_1h.csv', 'SOL_30m.csv'; give the interval"
            ),
            (.sqlite(path: "a.db", message: "file is not a database"), "a.db: sqlite: file is not a database"),
        ]
        for (error, text) in cases {
            #expect(error.description == text)
            #expect(!text.hasSuffix("."))
        }
    }

    @Test func cellKindDefaultsToNumber() {
        #expect(
            DataError.unparseableCell(path: "p", line: 1, column: "c", text: "t")
                == .unparseableCell(path: "p", line: 1, column: "c", text: "t", expected: .number))
        #expect(
            DataError.unparseableCell(path: "p", line: 1, column: "c", text: "t")
                != .unparseableCell(path: "p", line: 1, column: "c", text: "t", expected: .time))
    }
}
