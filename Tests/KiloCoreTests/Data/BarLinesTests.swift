import Foundation
import Testing

@testable import KiloCore

/// `validate` and `load` name a row by the same line: 1-based file lines counting the header and
/// blank lines, whatever sorting and de-duplication did to the series.
@Suite struct BarLinesTests {
    static let t0: Int64 = 1_724_410_800_000

    /// Line 5 holds `cell` as the open of an out-of-order row, after a blank line 3.
    static func text(open cell: String) -> String {
        let step: Int64 = 1_800_000
        return """
            timestamp,open,high,low,close,volume
            \(t0),1,2,0.5,1.5,10

            \(t0 + 2 * step),1,2,0.5,1.5,10
            \(t0 + step),\(cell),2,0.5,1.5,10
            \(t0 + 3 * step),1,2,0.5,1.5,10
            \(t0 + 3 * step),1,2,0.5,1.5,11

            """
    }

    @Test func validateAndLoadErrorsNameTheSameLine() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let bad = folder.write("BADCELL_30m.csv", Self.text(open: "abc"))
        #expect(throws: DataError.unparseableCell(path: bad, line: 5, column: "open", text: "abc")) {
            try BarLoader.load(path: bad)
        }
        let negative = folder.write("NEG_30m.csv", Self.text(open: "-1"))
        let loaded = try BarLoader.load(path: negative)
        #expect(loaded.series.open == [1, -1, 1, 1])
        let report = BarValidator.validate(loaded, now: Self.t0)
        let finding = try #require(report.findings.first { $0.kind == .nonPositivePrice })
        #expect(finding.row == 1)
        #expect(finding.line == 5)
        #expect(finding.message.hasSuffix("(first: line 5 at 2024-08-23 11:30)"))
        #expect(loaded.lines.line(ofBar: 3) == 7, "the duplicate on line 7 was kept over line 6")
        #expect(loaded.report.outOfOrderExamples.map(\.line) == [5])
    }

    @Test func millionsOfBlankLinesCostOneRun() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let blanks = 5_000_000
        var bytes = Array("timestamp,open,high,low,close,volume\n\(Self.t0),1,2,0.5,1.5,10\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "\n"), count: blanks)
        bytes += Array("\(Self.t0 + 1_800_000),0,2,0.5,1.5,10\n".utf8)
        let path = folder.write("BLANK_30m.csv", bytes: bytes)
        let loaded = try BarLoader.load(path: path)
        var expected = BlankLines()
        expected.append(beforeRow: 1, count: blanks)
        #expect(loaded.lines.map == .csv(firstRowLine: 2, blanks: expected))
        #expect(loaded.report.blankLines == blanks)
        let finding = BarValidator.validate(loaded, now: Self.t0).findings.first { $0.kind == .nonPositivePrice }
        #expect(finding?.line == blanks + 3)
    }

    @Test func aSeriesWithoutAFileCountsBarsFromOne() {
        let series = BarSeries(
            symbol: "X", interval: BarInterval(seconds: 1_800), timestamps: [Self.t0, Self.t0 + 1_800_000],
            open: [1, 0], high: [2, 2], low: [0.5, 0.5], close: [1.5, 1.5], volume: [1, 1],
            source: BarSource(path: "", format: .ohlcvCSV))
        let report = BarValidator.validate(series, loadReport: nil, now: Self.t0)
        let finding = report.findings.first { $0.kind == .nonPositivePrice }
        #expect(finding?.message.hasSuffix("(first: bar 2 at 2024-08-23 11:30)") == true)
        #expect(finding?.line == nil)
    }
}
