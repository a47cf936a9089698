import Testing

@testable import KiloCore

@Suite struct CSVLayoutTests {
    static func layout(_ line: String) throws -> CSVLayout {
        try CSVLayout.detect(firstLine: Array(line.utf8), lineNumber: 1, path: "p.csv")
    }

    @Test func klineHeaderIsRecognised() throws {
        let layout = try Self.layout(
            "timestamp,open,high,low,close,volume,quote_volume,trades,taker_buy_base,taker_buy_quote")
        #expect(layout.format == .binanceKlineCSV)
        #expect(layout.hasHeader)
        #expect(layout.targets == [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(layout.requiredCellCount == 6)
        #expect(layout.usedCellCount == 10)
    }

    @Test func genericHeaderMapsByNameInAnyOrderAndCase() throws {
        let layout = try Self.layout("Close;VOLUME;x;Open Time;HIGH;low;Open")
        #expect(layout.delimiter == UInt8(ascii: ";"))
        #expect(layout.format == .ohlcvCSV)
        #expect(layout.targets == [3, 4, CSVLayout.ignored, CSVLayout.time, 1, 2, 0])
        #expect(layout.fields == [.open, .high, .low, .close, .volume])
        #expect(layout.requiredCellCount == 7)
    }

    @Test func timestampWinsOverDatetime() throws {
        // The original SQLite table has both; the epoch column is preferred.
        let layout = try Self.layout("id\tdatetime\ttimestamp\topen\thigh\tlow\tclose\tvolume")
        #expect(layout.delimiter == UInt8(ascii: "\t"))
        #expect(layout.targets[2] == CSVLayout.time)
        #expect(layout.targets[1] == CSVLayout.ignored)
    }

    @Test func headerlessLayouts() throws {
        let binance = try Self.layout(
            "1724410800000,1,2,0.5,1.5,3,1724412599999,4.5,38,1.5,2.5,0")
        #expect(!binance.hasHeader)
        #expect(binance.columnNames[6] == "close_time")
        #expect(binance.targets[6] == CSVLayout.ignored)
        #expect(binance.targets[7] == Int8(BarField.quoteVolume.rawValue))
        let data = try Self.layout("1724410800000,1,2,0.5,1.5,3,4.5,38,1.5,2.5")
        #expect(data.targets[6] == Int8(BarField.quoteVolume.rawValue))
        #expect(data.targets[9] == Int8(BarField.takerBuyQuote.rawValue))
        #expect(throws: DataError.missingCell(path: "p.csv", line: 1, column: "volume")) {
            try Self.layout("1724410800000,1,2,0.5,1.5")
        }
    }

    @Test func missingRequiredColumns() {
        #expect(throws: DataError.missingColumn(path: "p.csv", column: "high", header: ["time", "open", "low"])) {
            try Self.layout("time,open,low")
        }
        #expect(throws: DataError.missingColumn(path: "p.csv", column: "timestamp", header: ["open", "close"])) {
            try Self.layout("open,close")
        }
    }
}
