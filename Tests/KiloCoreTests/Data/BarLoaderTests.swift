import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct BarLoaderTests {
    static let symbols = ["BTCEUR", "ETHEUR", "ADAEUR", "DOTEUR", "LINKEUR"]

    /// A slow, obviously right reading of a kline CSV: split lines and cells, `Double(String)`.
    static func referenceColumns(_ path: String) throws -> (times: [Int64], columns: [[Double]]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).dropFirst()  // the files use CRLF
        var times: [Int64] = []
        var columns = [[Double]](repeating: [], count: 9)
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            times.append(Int64(cells[0]) ?? -1)
            for index in 0..<9 { columns[index].append(Double(cells[index + 1]) ?? -1) }
        }
        return (times, columns)
    }

    @Test(arguments: symbols)
    func loadsEmbeddedKlineCSVBitIdentically(_ symbol: String) throws {
        let path = RepoPaths.path("data/\(symbol)_30m.csv")
        let loaded = try BarLoader.load(path: path)
        let series = loaded.series
        #expect(series.symbol == symbol)
        #expect(series.interval == BarInterval(seconds: 1_800))
        #expect(series.count == 6_602)
        #expect(series.source == BarSource(path: path, format: .binanceKlineCSV))
        #expect(loaded.report.format == .binanceKlineCSV)
        #expect(loaded.report.lineCount == 6_603)
        #expect(loaded.report.hasHeader)
        #expect(loaded.report.rowsRead == 6_602)
        #expect(loaded.report.duplicatesDropped == 0)
        #expect(loaded.report.outOfOrderRows == 0)
        #expect(loaded.report.symbolOrigin == .fileName)
        #expect(loaded.report.intervalOrigin == .fileName)
        #expect(loaded.report.medianSpacingMilliseconds == 1_800_000)
        #expect(series.timestamps.first == utc(2024, 8, 23, 11))
        #expect(series.timestamps.last == utc(2025, 8, 23, 10, 30))

        let reference = try Self.referenceColumns(path)
        let sameTimes = series.timestamps == reference.times
        #expect(sameTimes)
        let columns: [[Double]?] = [
            series.open, series.high, series.low, series.close, series.volume, series.quoteVolume,
            series.trades, series.takerBuyBase, series.takerBuyQuote,
        ]
        for (index, column) in columns.enumerated() {
            let same = column?.map(\.bitPattern) == reference.columns[index].map(\.bitPattern)
            #expect(same, "column \(index)")
        }
    }

    @Test func givenSymbolAndIntervalWin() throws {
        let loaded = try BarLoader.load(
            path: RepoPaths.path("data/ETHEUR_30m.csv"), symbol: "ethx", interval: BarInterval(name: "1h"))
        #expect(loaded.series.symbol == "ETHX")
        #expect(loaded.series.interval.name == "1h")
        #expect(loaded.report.symbolOrigin == .given)
        #expect(loaded.report.intervalOrigin == .given)
    }

    @Test func loadsOriginalSQLiteLikeTheCSV() throws {
        let loaded = try BarLoader.load(path: RepoPaths.path("data/original-sqlite/adaeur_30m.db"))
        let csv = try BarLoader.load(path: RepoPaths.path("data/ADAEUR_30m.csv")).series
        let series = loaded.series
        #expect(series.symbol == "ADAEUR")
        #expect(series.interval.name == "30m")
        #expect(loaded.report.format == .botKiloSQLite)
        #expect(series.source.format == .botKiloSQLite)
        #expect(series.count == 6_602)
        let same = [
            series.timestamps == csv.timestamps,
            series.close.map(\.bitPattern) == csv.close.map(\.bitPattern),
            series.open.map(\.bitPattern) == csv.open.map(\.bitPattern),
            series.high.map(\.bitPattern) == csv.high.map(\.bitPattern),
            series.low.map(\.bitPattern) == csv.low.map(\.bitPattern),
            series.volume.map(\.bitPattern) == csv.volume.map(\.bitPattern),
            series.trades == csv.trades,
            series.takerBuyQuote?.map(\.bitPattern) == csv.takerBuyQuote?.map(\.bitPattern),
        ]
        #expect(same == Array(repeating: true, count: same.count))
        #expect(loaded.report.columns.first == "timestamp")
    }

    @Test func sqliteWithoutMarketDataTableIsRefused() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let copy = folder.path + "/other_1h.db"
        try FileManager.default.copyItem(
            atPath: RepoPaths.path("data/original-sqlite/adaeur_30m.db"), toPath: copy)
        // A SQLite file without the table: rename it with sqlite through GRDB-independent bytes is
        // not possible, so corrupt the table name in the schema text instead.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: copy)))
        let needle = Array("CREATE TABLE market_data".utf8)
        if let start = (0...(bytes.count - needle.count)).first(where: {
            bytes[$0..<($0 + needle.count)].elementsEqual(needle)
        }) {
            bytes.replaceSubrange((start + 13)..<(start + 24), with: Array("market_xxxx".utf8))
        }
        folder.write("other_1h.db", bytes: bytes)
        #expect {
            try BarLoader.load(path: copy)
        } throws: { error in
            guard case .sqlite(let path, let message)? = error as? DataError else { return false }
            return path == copy && message.contains("market_data")
        }
    }

    @Test func headerlessBinanceExportWithCloseTime() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.write(
            "BTCEUR-1h-2024-08.csv",
            """
            1724410800000,54915.45,54941.66,54660.71,54762.57,5.62518,1724414399999,308224.041572,599,2.70022,147944.4505075,0
            1724414400000,54762.57,54800.00,54700.00,54790.10,3.5,1724417999999,191000.5,300,1.5,82000.25,0

            """)
        let loaded = try BarLoader.load(path: path)
        #expect(loaded.series.symbol == "BTCEUR")
        #expect(loaded.series.interval.name == "1h")
        #expect(loaded.report.hasHeader == false)
        #expect(loaded.report.format == .binanceKlineCSV)
        #expect(loaded.series.timestamps == [utc(2024, 8, 23, 11), utc(2024, 8, 23, 12)])
        #expect(loaded.series.close == [54762.57, 54790.10])
        #expect(loaded.series.quoteVolume == [308224.041572, 191000.5])
        #expect(loaded.series.trades == [599, 300])
        #expect(loaded.series.takerBuyQuote == [147944.4505075, 82000.25])
        #expect(loaded.report.columns.contains("close_time") == false)
    }

    @Test func headerlessRowsOfSixAndTenColumns() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let six = folder.write(
            "six.csv", "1724410800,1,2,0.5,1.5,10\n1724412600,1.5,2,1,1.2,11\n1724414400,1.2,1.3,1.1,1.25,0\n")
        let loadedSix = try BarLoader.load(path: six)
        #expect(loadedSix.series.symbol == "SIX")
        #expect(loadedSix.series.interval.name == "30m")
        #expect(loadedSix.report.intervalOrigin == .medianSpacing)
        #expect(loadedSix.series.timestamps.first == utc(2024, 8, 23, 11))
        #expect(loadedSix.series.quoteVolume == nil)
        #expect(loadedSix.series.volume == [10, 11, 0])

        let ten = folder.write(
            "TEN_30m.csv",
            "1724410800000,0.342,0.3427,0.3411,0.3411,13762.3,4703.77777,38,5494.5,1879.28033\n")
        let loadedTen = try BarLoader.load(path: ten)
        #expect(loadedTen.series.quoteVolume == [4703.77777])
        #expect(loadedTen.series.trades == [38])
        #expect(loadedTen.series.takerBuyQuote == [1879.28033])
    }

    static let timeFormats: [(String, [String])] = [
        ("epoch-ms", ["1724410800000", "1724412600000", "1724414400000"]),
        ("epoch-s", ["1724410800", "1724412600", "1724414400"]),
        ("iso-space", ["2024-08-23 11:00:00", "2024-08-23 11:30:00", "2024-08-23 12:00:00"]),
        ("iso-zulu", ["2024-08-23T11:00:00Z", "2024-08-23T11:30:00Z", "2024-08-23T12:00:00Z"]),
        ("iso-offset", ["2024-08-23T13:00:00+02:00", "2024-08-23T13:30:00+02:00", "2024-08-23T14:00:00+02:00"]),
    ]

    @Test(arguments: timeFormats.indices)
    func genericCSVWithShuffledMixedCaseColumns(_ formatIndex: Int) throws {
        let (name, times) = Self.timeFormats[formatIndex]
        let folder = DataTestFolder()
        defer { folder.remove() }
        let header = ["Volume", "CLOSE", "Date", "low", "Open", "High", "note"]
        let rows = [
            ["10.5", "1.5", times[0], "0.9", "1", "1.6", "a"],
            ["0", "1.4", times[1], "1.3", "1.5", "1.55", "b"],
            ["7", "1.45", times[2], "1.35", "1.4", "1.5", "c"],
        ]
        let text = ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\r\n")
        let path = folder.write("prices.csv", text)
        let loaded = try BarLoader.load(path: path, symbol: "ada")
        let series = loaded.series
        #expect(loaded.report.format == .ohlcvCSV, "\(name)")
        #expect(series.symbol == "ADA")
        #expect(series.timestamps == [utc(2024, 8, 23, 11), utc(2024, 8, 23, 11, 30), utc(2024, 8, 23, 12)], "\(name)")
        #expect(series.open == [1, 1.5, 1.4])
        #expect(series.high == [1.6, 1.55, 1.5])
        #expect(series.low == [0.9, 1.3, 1.35])
        #expect(series.close == [1.5, 1.4, 1.45])
        #expect(series.volume == [10.5, 0, 7])
        #expect(series.interval.name == "30m")
        #expect(loaded.report.intervalOrigin == .medianSpacing)
        #expect(Set(loaded.report.columns) == ["Volume", "CLOSE", "Date", "low", "Open", "High"])
    }

    @Test func dateOnlyTimesSemicolonsQuotesAndBlankLines() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.write(
            "ethdaily.csv",
            """
            \u{FEFF}"date";"open";"high";"low";"close";"volume"

            "2024-08-23";2400;2450;2380;2440;1000
              \t
            "2024-08-24";2440;2500;2430;2490;900

            """)
        let loaded = try BarLoader.load(path: path)
        #expect(loaded.series.timestamps == [utc(2024, 8, 23), utc(2024, 8, 24)])
        #expect(loaded.series.close == [2440, 2490])
        #expect(loaded.series.interval.name == "1d")
        #expect(loaded.series.symbol == "ETHDAILY")
        #expect(loaded.report.blankLines == 2)
        #expect(loaded.report.lineCount == 5)
    }

    @Test func unitOfEpochTimesIsChosenPerCell() throws {
        // Binance switched spot klines from milliseconds to microseconds in 2025.
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.write(
            "X_30m.csv",
            "open_time,open,high,low,close,volume\n1724410800000,1,1,1,1,1\n1724412600000000,1,1,1,1,1\n")
        let loaded = try BarLoader.load(path: path)
        #expect(loaded.series.timestamps == [utc(2024, 8, 23, 11), utc(2024, 8, 23, 11, 30)])
    }

    // MARK: Malformed input

    @Test func missingColumnIsNamed() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.write("X_30m.csv", "timestamp,open,high,low,volume\n1724410800000,1,2,0.5,3\n")
        #expect(throws: DataError.missingColumn(
            path: path, column: "close", header: ["timestamp", "open", "high", "low", "volume"])) {
            try BarLoader.load(path: path)
        }
        let noTime = folder.write("Y_30m.csv", "when,open,high,low,close,volume\n")
        #expect {
            try BarLoader.load(path: noTime)
        } throws: { error in
            (error as? DataError).map { "\($0)".contains("missing column 'timestamp'") } ?? false
        }
    }

    @Test func nonNumericCellNamesFileLineAndColumn() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.write(
            "X_30m.csv",
            "timestamp,open,high,low,close,volume\n1724410800000,1,2,0.5,1.5,3\n1724412600000,1,2,0.5,abc,3\n")
        let expected = DataError.unparseableCell(path: path, line: 3, column: "close", text: "abc")
        #expect(throws: expected) { try BarLoader.load(path: path) }
        #expect(expected.description == "\(path):3: column 'close': cannot parse 'abc' as a number")

        let badTime = folder.write("Y_30m.csv", "time,open,high,low,close,volume\n\n\nyesterday,1,2,0.5,1.5,3\n")
        #expect(throws: DataError.unparseableCell(
            path: badTime, line: 4, column: "time", text: "yesterday", expected: .time)) {
            try BarLoader.load(path: badTime)
        }
        let emptyCell = folder.write("Z_30m.csv", "timestamp,open,high,low,close,volume\n1724410800000,1,,0.5,1.5,3\n")
        #expect(throws: DataError.unparseableCell(path: emptyCell, line: 2, column: "high", text: "")) {
            try BarLoader.load(path: emptyCell)
        }
    }

    @Test func shortRowNamesTheMissingColumn() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.write(
            "X_30m.csv", "timestamp,open,high,low,close,volume\n1724410800000,1,2,0.5,1.5,3\n1724412600000,1,2\n")
        #expect(throws: DataError.missingCell(path: path, line: 3, column: "low")) {
            try BarLoader.load(path: path)
        }
    }

    @Test func emptyAndHeaderOnlyFilesAreRefused() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let empty = folder.write("E_30m.csv", "")
        #expect(throws: DataError.emptyFile(path: empty)) { try BarLoader.load(path: empty) }
        let blank = folder.write("B_30m.csv", "\n  \n\r\n")
        #expect(throws: DataError.emptyFile(path: blank)) { try BarLoader.load(path: blank) }
        let headerOnly = folder.write("H_30m.csv", "timestamp,open,high,low,close,volume\n")
        #expect(throws: DataError.noRows(path: headerOnly)) { try BarLoader.load(path: headerOnly) }
        let missing = folder.path + "/nope.csv"
        #expect {
            try BarLoader.load(path: missing)
        } throws: { error in
            guard case .unreadable(let path, let reason)? = error as? DataError else { return false }
            return path == missing && reason.lowercased().contains("no such file")
        }
        let binary = folder.write("bin.csv", bytes: [0x50, 0x4B, 0x03, 0x04, 0, 0, 1, 2])
        #expect(throws: DataError.unknownFormat(path: binary)) { try BarLoader.load(path: binary) }
        let single = folder.write("single.csv", "timestamp,open,high,low,close,volume\n1724410800000,1,2,0.5,1.5,3\n")
        #expect(throws: DataError.cannotInferInterval(path: single)) { try BarLoader.load(path: single) }
    }

    @Test func duplicatesKeepTheLastRowAndAreReported() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.write(
            "D_30m.csv",
            """
            timestamp,open,high,low,close,volume
            1724410800000,1,2,0.5,1.5,3
            1724412600000,1,2,0.5,1.6,3
            1724412600000,1,2,0.5,1.7,3
            1724414400000,1,2,0.5,1.8,3
            1724414400000,1,2,0.5,1.8,3
            1724412600000,1,2,0.5,1.9,3
            """)
        let loaded = try BarLoader.load(path: path)
        #expect(loaded.series.timestamps == [1_724_410_800_000, 1_724_412_600_000, 1_724_414_400_000])
        #expect(loaded.series.close == [1.5, 1.9, 1.8])
        #expect(loaded.report.rowsRead == 6)
        #expect(loaded.report.duplicatesDropped == 3)
        #expect(loaded.report.barCount == 3)
        #expect(
            loaded.report.duplicateExamples == [
                .init(timestamp: 1_724_412_600_000, droppedLine: 3, keptLine: 7, identical: false),
                .init(timestamp: 1_724_412_600_000, droppedLine: 4, keptLine: 7, identical: false),
                .init(timestamp: 1_724_414_400_000, droppedLine: 5, keptLine: 6, identical: true),
            ])
        #expect(loaded.report.outOfOrderRows == 1)
    }

    @Test func outOfOrderRowsAreSortedAndCounted() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.write(
            "O_30m.csv",
            """
            timestamp,open,high,low,close,volume
            1724414400000,3,3,3,3,1
            1724410800000,1,1,1,1,1

            1724416200000,4,4,4,4,1
            1724412600000,2,2,2,2,1
            """)
        let loaded = try BarLoader.load(path: path)
        #expect(loaded.series.close == [1, 2, 3, 4])
        #expect(loaded.series.timestamps == loaded.series.timestamps.sorted())
        #expect(loaded.report.outOfOrderRows == 2)
        #expect(loaded.report.outOfOrderExamples.map(\.line) == [3, 6])
        #expect(loaded.report.duplicatesDropped == 0)
    }

    @Test func nanInfAndNegativePricesAreLoadedUnchanged() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.write(
            "N_30m.csv",
            """
            timestamp,open,high,low,close,volume
            1724410800000,nan,2,0.5,1.5,3
            1724412600000,1,inf,0.5,NaN,-inf
            1724414400000,-1,2,-0.5,1.5,3
            """)
        let series = try BarLoader.load(path: path).series
        #expect(series.open[0].isNaN)
        #expect(series.high[1] == .infinity)
        #expect(series.close[1].isNaN)
        #expect(series.volume[1] == -.infinity)
        #expect(series.open[2] == -1)
        #expect(series.low[2] == -0.5)
    }

    @Test func concurrentChunksGiveTheSameBarsAndLines() throws {
        var text = "timestamp,open,high,low,close,volume\n"
        var rng = SplitMix64(seed: 3)
        for row in 0..<2_000 {
            if row % 97 == 0 { text += "\n" }
            let time = 1_724_410_800_000 + Int64(row - (row % 50 == 1 ? 2 : 0)) * 1_800_000
            text += "\(time),\(rng.nextUnit()),\(rng.nextUnit() + 1),\(rng.nextUnit() - 1),\(rng.nextUnit()),7\r\n"
        }
        var bytes = Array(text.utf8)
        let results = try (1...4).map { chunks in
            try bytes.withUnsafeMutableBufferPointer { buffer in
                try BarLoader.loadCSV(UnsafeBufferPointer(buffer), path: "x.csv", chunks: chunks)
            }
        }
        for (raw, report) in results.dropFirst() {
            #expect(raw.times == results[0].0.times)
            #expect(raw.values[BarField.close.rawValue] == results[0].0.values[BarField.close.rawValue])
            #expect(report == results[0].1)
            let rows = [0, 1, 96, 97, 500, 1_999]
            #expect(rows.map(raw.lines.line(ofRow:)) == rows.map(results[0].0.lines.line(ofRow:)))
        }
        // Row 97 comes after two blank lines (before rows 0 and 97) and the header.
        #expect(results[0].0.lines.line(ofRow: 97) == 97 + 2 + 2)
        #expect(results[0].1.blankLines == 21)

        // An error in the last chunk still names the right line.
        bytes += Array("1724410800000,1,2,3,x,5\n".utf8)
        for chunks in 1...3 {
            #expect(throws: DataError.unparseableCell(path: "x.csv", line: 2_000 + 21 + 2, column: "close", text: "x")) {
                try bytes.withUnsafeMutableBufferPointer { buffer in
                    _ = try BarLoader.loadCSV(UnsafeBufferPointer(buffer), path: "x.csv", chunks: chunks)
                }
            }
        }
    }

    // MARK: Names and directories

    @Test func symbolAndIntervalFromFileNames() {
        #expect(BarLoader.names(fromFileName: "data/BTCEUR_30m.csv") == ("BTCEUR", BarInterval(name: "30m")))
        #expect(BarLoader.names(fromFileName: "adaeur_30m.db").symbol == "ADAEUR")
        #expect(BarLoader.names(fromFileName: "BTCEUR-1h-2024-08.csv") == ("BTCEUR", BarInterval(name: "1h")))
        #expect(BarLoader.names(fromFileName: "/tmp/my_prices.csv") == ("MY_PRICES", nil))
        #expect(BarLoader.names(fromFileName: "_30m.csv").symbol == "_30M")
    }

    @Test func dataFilesAndFileForSymbol() throws {
        let files = BarLoader.dataFiles(in: RepoPaths.path("data"))
        #expect(files.map(\.symbol) == ["ADAEUR", "BTCEUR", "DOTEUR", "ETHEUR", "LINKEUR"])
        #expect(files.allSatisfy { $0.interval?.name == "30m" && FileManager.default.fileExists(atPath: $0.path) })
        #expect(BarLoader.dataFiles(in: RepoPaths.path("data/original-sqlite")).map(\.symbol) == ["ADAEUR"])
        #expect(BarLoader.dataFiles(in: "/nonexistent/kilo").isEmpty)

        let dataDir = RepoPaths.path("data")
        #expect(try BarLoader.file(for: "btceur", in: dataDir) == dataDir + "/BTCEUR_30m.csv")
        #expect(throws: DataError.noDataFile(symbol: "XRPEUR", directory: dataDir)) {
            try BarLoader.file(for: "XRPEUR", in: dataDir)
        }
        let loaded = try BarLoader.load(symbol: "dotEUR", in: dataDir)
        #expect(loaded.series.symbol == "DOTEUR")
        #expect(loaded.series.interval.name == "30m")
        #expect(loaded.series.source.path == dataDir + "/DOTEUR_30m.csv")
        #expect(loaded.series.count == 6_602)

        let folder = DataTestFolder()
        defer { folder.remove() }
        folder.write("SOLEUR_30m.csv", "")
        folder.write("soleur_1h.csv", "")
        folder.write("notes.txt", "")
        #expect(throws: DataError.ambiguousSymbol(
            symbol: "SOLEUR", directory: folder.path, candidates: ["SOLEUR_30m.csv", "soleur_1h.csv"])) {
            try BarLoader.file(for: "SolEur", in: folder.path)
        }
        #expect(try BarLoader.file(for: "SOLEUR", interval: BarInterval(name: "1h"), in: folder.path)
            == folder.path + "/soleur_1h.csv")
        #expect(BarLoader.dataFiles(in: folder.path).map(\.path.count).count == 2)
    }
}
