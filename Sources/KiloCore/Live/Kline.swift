/// One closed candle as the klines endpoint returns it (times in epoch milliseconds).
public struct Kline: Sendable, Equatable {
    /// Open time.
    public var openTime: Int64
    /// Open price.
    public var open: Double
    /// High price.
    public var high: Double
    /// Low price.
    public var low: Double
    /// Close price.
    public var close: Double
    /// Base-asset volume.
    public var volume: Double
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
}
