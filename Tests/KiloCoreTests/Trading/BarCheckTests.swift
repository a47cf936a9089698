import Testing

@testable import KiloCore

@Suite struct BarCheckTests {
    typealias F = TradingFixtures
    let series = F.flat("AAA", count: 4)
    var interval: BarInterval { series.interval }

    func check(_ bar: RevealedBar?, in s: BarSeries? = nil, clock: Int64? = nil) -> BarRejection? {
        let s = s ?? series
        let t = bar?.openTime ?? s.timestamps[2]
        return BarCheck.rejection(
            of: bar, in: s, expectedOpenTime: t, clock: clock ?? t + interval.milliseconds,
            interval: interval)
    }

    @Test func acceptsAFreshSaneBar() {
        #expect(check(RevealedBar(series: series, index: 2)) == nil)
    }

    @Test func missingBar() {
        #expect(check(nil) == .missing(expectedOpenTime: series.timestamps[2]))
    }

    @Test func staleOrUnclosedBar() {
        let bar = RevealedBar(series: series, index: 1)
        let close = bar.openTime + interval.milliseconds
        #expect(
            check(bar, clock: close + interval.milliseconds)
                == .stale(openTime: bar.openTime, clock: close + interval.milliseconds))
        #expect(check(bar, clock: close - 1) == .stale(openTime: bar.openTime, clock: close - 1))
        #expect(check(bar, clock: close + interval.milliseconds - 1) == nil)
    }

    @Test func insaneOHLC() {
        var bar = RevealedBar(series: series, index: 2)
        bar.high = bar.low - 1
        #expect(check(bar)?.description.contains("high below") == true)
        bar = RevealedBar(series: series, index: 2)
        bar.close = .nan
        #expect(check(bar)?.description.contains("finite") == true)
        bar = RevealedBar(series: series, index: 2)
        bar.volume = -1
        #expect(check(bar)?.description.contains("volume") == true)
    }

    @Test func gapBeforeTheBar() {
        var ts = series.timestamps
        ts[2] += 2 * interval.milliseconds
        ts[3] += 2 * interval.milliseconds
        let gapped = BarSeries(
            symbol: "AAA", interval: interval, timestamps: ts, open: series.open, high: series.high,
            low: series.low,
            close: series.close, volume: series.volume)
        let bar = RevealedBar(series: gapped, index: 2)
        #expect(
            check(bar, in: gapped) == .gap(previousOpenTime: ts[1], openTime: ts[2], missingBars: 2)
        )
    }
}
