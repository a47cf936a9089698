import Testing

@testable import KiloCore

@Suite struct FetchReportTests {
    @Test func progressGivesTheRateAndTheTimeLeft() {
        let start = FetchProgress(symbol: "BTCEUR", fetched: 0, expected: 5_000, elapsedMilliseconds: 0)
        #expect(start.barsPerSecond == 0 && start.etaSeconds == nil)
        let half = FetchProgress(symbol: "BTCEUR", fetched: 2_000, expected: 5_000, elapsedMilliseconds: 4_000)
        #expect(half.barsPerSecond == 500)
        #expect(half.etaSeconds == 6)
    }

    @Test func missingBarsAddUpTheGaps() {
        var report = FetchReport(symbol: "BTCEUR", interval: BarInterval(seconds: 1_800), path: "x", start: 0, end: 10)
        #expect(report.missingBars == 0 && report.outcome == .complete)
        report.gaps = [
            ExchangeGap(lastBefore: 0, firstAfter: 5 * 1_800_000, missingBars: 4),
            ExchangeGap(lastBefore: 9 * 1_800_000, firstAfter: 11 * 1_800_000, missingBars: 1),
        ]
        #expect(report.missingBars == 5)
    }
}
