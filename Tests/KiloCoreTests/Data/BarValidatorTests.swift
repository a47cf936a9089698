import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct BarValidatorTests {
    /// The clock for reports on the embedded data: 2026-11-25 12:00 UTC.
    static let clock = utc(2026, 11, 25, 12)

    static let zeroVolumeBars = ["BTCEUR": 0, "ETHEUR": 0, "ADAEUR": 23, "DOTEUR": 37, "LINKEUR": 153]

    @Test(arguments: ["BTCEUR", "ETHEUR", "ADAEUR", "DOTEUR", "LINKEUR"])
    func findsThe227DayGapInEveryEmbeddedFile(_ symbol: String) throws {
        let loaded = try BarLoader.load(path: RepoPaths.path("data/\(symbol)_30m.csv"))
        let report = BarValidator.validate(loaded, now: Self.clock)
        #expect(report.symbol == symbol)
        #expect(report.rows == 6_602)
        #expect(report.interval.name == "30m")
        #expect(report.firstBar == utc(2024, 8, 23, 11))
        #expect(report.lastBar == utc(2025, 8, 23, 10, 30))
        #expect(report.gapCount == 1)
        let gap = try #require(report.longestGap)
        #expect(gap.row == 6_266)
        #expect(gap.lastBarBefore == utc(2024, 12, 31, 23, 30))
        #expect(gap.start == utc(2025, 1, 1))
        #expect(gap.firstBarAfter == utc(2025, 8, 16, 11))
        #expect(gap.missingBars == 10_918)
        #expect(Int(gap.days) == 227)
        #expect(report.missingBars == 10_918)
        let finding = try #require(report.finding(.gap))
        #expect(finding.severity == .warning)
        #expect(finding.count == 1)
        #expect(finding.row == 6_266)
        #expect(finding.message.contains("227.5 days (10918 bars) from 2025-01-01 00:00 to 2025-08-16 11:00"))

        #expect(report.zeroVolumeBars == Self.zeroVolumeBars[symbol])
        #expect((report.finding(.zeroVolume) != nil) == (report.zeroVolumeBars > 0))
        #expect(report.ohlc == ValidationReport.OHLCInconsistencies())
        #expect(report.nonPositivePriceBars == 0)
        #expect(report.nonFiniteCells == 0)
        #expect(report.duplicateTimestamps == 0)
        #expect(report.outOfOrderRows == 0)
        #expect(report.irregularSpacings == 0)
        #expect(report.finding(.intervalMismatch) == nil)

        #expect(report.isStale)
        #expect(report.finding(.stale)?.severity == .warning)
        #expect(report.futureBars == 0)
        #expect(report.worstSeverity == .warning)
    }

    @Test func zeroVolumeBarsInADAEUR() throws {
        let loaded = try BarLoader.load(path: RepoPaths.path("data/ADAEUR_30m.csv"))
        let report = BarValidator.validate(loaded, now: Self.clock)
        let finding = try #require(report.finding(.zeroVolume))
        #expect(finding.count == 23)
        #expect(finding.severity == .info)
        let row = try #require(finding.row)
        #expect(loaded.series.volume[row] == 0)
        #expect(loaded.series.volume[..<row].allSatisfy { $0 != 0 })
        #expect(finding.timestamp == 1_724_558_400_000)
        #expect(loaded.series.volume.count { $0 == 0 } == 23)
    }

    @Test func stalenessAgainstTheClock() throws {
        let loaded = try BarLoader.load(path: RepoPaths.path("data/BTCEUR_30m.csv"))
        let close = utc(2025, 8, 23, 11)  // the last bar opens 10:30 and closes 11:00
        let fresh = BarValidator.validate(loaded, now: close + 60_000)
        #expect(!fresh.isStale)
        #expect(fresh.barsBehind == 0)
        #expect(fresh.finding(.stale) == nil)
        let edge = BarValidator.validate(loaded, now: close + 2 * 1_800_000)
        #expect(!edge.isStale)
        #expect(edge.barsBehind == 2)
        let late = BarValidator.validate(loaded, now: close + 2 * 1_800_000 + 1)
        #expect(late.isStale)
        let stricter = BarValidator.validate(loaded, now: close + 1_800_000 + 1, staleAfterBars: 1)
        #expect(stricter.isStale)
        let early = BarValidator.validate(loaded, now: utc(2025, 8, 23))
        #expect(early.futureBars == 21)
        #expect(early.finding(.futureBars)?.row == 6_602 - 21)
        #expect(early.lastBarAgeMilliseconds == utc(2025, 8, 23) - close)
    }

    /// A small series with one of each problem.
    static func troubledSeries() throws -> (LoadedBars, String) {
        let folder = DataTestFolder()
        let path = folder.write(
            "BAD_30m.csv",
            """
            timestamp,open,high,low,close,volume
            1724410800000,1,2,0.5,1.5,3
            1724412600000,1,0.9,0.5,1.5,3
            1724414400000,1,2,1.2,1.5,0
            1724416200000,1,2,2.5,1.5,3
            1724418000000,-1,2,0.5,1.5,3
            1724419800000,nan,2,0.5,1.5,inf
            1724414400000,1,2,0.5,1.5,0
            1724421600000,1,2,0.5,1.5,-4
            1724422500000,1,2,0.5,1.5,3
            1724430600000,1,2,0.5,1.5,3
            1724434200000,1,2,0.5,1.5,3
            1724432400000,1,2,0.5,1.5,3
            """)
        let loaded = try BarLoader.load(path: path)
        folder.remove()
        return (loaded, path)
    }

    @Test func reportsEveryKindOfProblem() throws {
        let (loaded, path) = try Self.troubledSeries()
        let report = BarValidator.validate(loaded, now: 1_724_436_000_000)
        #expect(report.path == path)
        #expect(report.rows == 11)
        #expect(report.duplicateTimestamps == 1)
        #expect(report.outOfOrderRows == 2)
        #expect(report.ohlc.highBelowOpenOrClose == 1)
        // Row 2's low above open was replaced by its duplicate; row 3's low 2.5 is above open, close
        // and high; row 4's low 0.5 is above its open -1.
        #expect(report.ohlc.lowAboveOpenOrClose == 2)
        #expect(report.ohlc.lowAboveHigh == 1)
        #expect(report.ohlc.bars == 3)
        #expect(report.nonPositivePriceBars == 1)
        #expect(report.nonFiniteCells == 2)
        #expect(report.negativeVolumeBars == 1)
        #expect(report.zeroVolumeBars == 1)
        #expect(report.irregularSpacings == 1)
        #expect(report.gapCount == 1)  // 14:15 → 16:30; the out-of-order 17:00 row fills 16:30 → 17:30
        #expect(report.longestGap?.missingBars == 4)
        #expect(report.longestGap?.lastBarBefore == 1_724_422_500_000)
        #expect(!report.isStale)

        let kinds = report.findings.map(\.kind)
        #expect(
            kinds == [
                .nonFiniteValue, .nonPositivePrice, .ohlcInconsistency, .negativeVolume, .gap,
                .irregularSpacing, .duplicateTimestamps, .outOfOrderRows, .zeroVolume,
            ])
        let severities = report.findings.map(\.severity)
        #expect(severities == severities.sorted(by: >))
        #expect(report.worstSeverity == .error)
        #expect(report.finding(.nonFiniteValue)?.row == 5)
        #expect(report.finding(.duplicateTimestamps)?.message.contains("line 4 dropped for line 8") == true)

        // Prices are reported, never repaired.
        #expect(loaded.series.open[4] == -1)
        #expect(loaded.series.open[5].isNaN)
        #expect(loaded.series.low[3] == 2.5)
    }

    @Test func reportRoundTripsThroughJSONAndRendersLines() throws {
        let (loaded, _) = try Self.troubledSeries()
        let report = BarValidator.validate(loaded, now: 1_724_436_000_000)
        let data = try JSONEncoder().encode(report)
        let decoded = try JSONDecoder().decode(ValidationReport.self, from: data)
        #expect(decoded == report)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"kind\":\"non-finite-value\""))
        #expect(json.contains("\"interval\":\"30m\""))
        let lines = report.summaryLines
        #expect(lines.count == report.findings.count + 1)
        #expect(lines[0].hasPrefix("BAD 30m: 11 bars from 2024-08-23 11:00 to 2024-08-23 17:30 UTC"))
        #expect(lines[1].hasPrefix("  error non-finite-value: 2 NaN/inf cells in 1 bars"))
    }

    @Test func intervalMismatchAndEmptySeries() {
        let hourly = (0..<10).map { Int64($0) * 3_600_000 }
        let ones = [Double](repeating: 1, count: 10)
        let series = BarSeries(
            symbol: "X", interval: BarInterval(seconds: 1_800), timestamps: hourly, open: ones, high: ones,
            low: ones, close: ones, volume: ones)
        let report = BarValidator.validate(series, loadReport: nil, now: 36_000_000)
        #expect(report.finding(.intervalMismatch)?.message == "the interval is 30m but the median spacing is 1h")
        #expect(report.gapCount == 9)

        let empty = BarSeries(
            symbol: "E", interval: BarInterval(seconds: 60), timestamps: [], open: [], high: [], low: [],
            close: [], volume: [])
        let emptyReport = BarValidator.validate(empty, loadReport: nil, now: 0)
        #expect(emptyReport.findings.map(\.kind) == [.noBars])
        #expect(emptyReport.summaryLines.count == 2)
        #expect(!emptyReport.isStale)
    }
}
