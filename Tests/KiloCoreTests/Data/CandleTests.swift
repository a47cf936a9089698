import Testing

@testable import KiloCore

@Suite struct CandleTests {
    private let series = BarSeries(
        symbol: "BTCEUR", interval: BarInterval(seconds: 1_800), timestamps: [0, 1_800_000], open: [1, 2],
        high: [3, 4], low: [0.5, 1], close: [2, 3], volume: [10, 0])

    @Test func aSeriesRowIsACandleAndAppendsAsOne() {
        let second = series.candle(at: 1)
        #expect(second == Candle(openTime: 1_800_000, open: 2, high: 4, low: 1, close: 3, volume: 0))
        var longer = series
        longer.append(Candle(openTime: 3_600_000, open: 3, high: 3.5, low: 2.5, close: 3.25, volume: 7))
        #expect(longer.count == 3)
        #expect(longer.candle(at: 2) == Candle(openTime: 3_600_000, open: 3, high: 3.5, low: 2.5, close: 3.25, volume: 7))
        #expect(longer.candle(at: 1) == second)
    }

    @Test func carriersReadAndWriteTheirCandlesFields() {
        var bar = RevealedBar(series: series, index: 1)
        #expect(bar.index == 1 && bar.openTime == 1_800_000 && bar.close == 3 && bar.volume == 0)
        bar.high = 9
        #expect(bar.candle.high == 9 && bar.candle.low == 1)
        let kline = Kline(
            openTime: 0, open: 1, high: 3, low: 0.5, close: 2, volume: 10, closeTime: 1_799_999, quoteVolume: 20,
            trades: 4, takerBuyBase: 1, takerBuyQuote: 2)
        #expect(kline.candle == series.candle(at: 0))
        #expect(kline.open == 1 && kline.closeTime == 1_799_999 && kline.trades == 4)
    }
}
