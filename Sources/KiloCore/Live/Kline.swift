/// One closed candle as the klines endpoint returns it (times in epoch milliseconds).
public struct Kline: Sendable, Equatable, CandleCarrying {
    /// Open time, prices and base-asset volume.
    public var candle: Candle
    /// Close time: `openTime + interval − 1` ms.
    public var closeTime: Int64
    /// Quote-asset volume.
    public var quoteVolume: Double
    /// Number of trades.
    public var trades: Int64
    /// Taker-buy base-asset volume.
    public var takerBuyBase: Double
    /// Taker-buy quote-asset volume.
    public var takerBuyQuote: Double

    /// A kline from the endpoint's columns, in their order.
    public init(
        openTime: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double, closeTime: Int64,
        quoteVolume: Double, trades: Int64, takerBuyBase: Double, takerBuyQuote: Double
    ) {
        candle = Candle(openTime: openTime, open: open, high: high, low: low, close: close, volume: volume)
        self.closeTime = closeTime
        self.quoteVolume = quoteVolume
        self.trades = trades
        self.takerBuyBase = takerBuyBase
        self.takerBuyQuote = takerBuyQuote
    }
}
