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

    /// Creates a kline.
    public init(
        openTime: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double,
        closeTime: Int64, quoteVolume: Double, trades: Int64, takerBuyBase: Double,
        takerBuyQuote: Double
    ) {
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.closeTime = closeTime
        self.quoteVolume = quoteVolume
        self.trades = trades
        self.takerBuyBase = takerBuyBase
        self.takerBuyQuote = takerBuyQuote
    }
}
