/// One bar's open time, prices and base volume: the row that a `BarSeries` stores column by
/// column, an exchange `Kline` carries, and a feed reveals (`RevealedBar`).
public struct Candle: Sendable, Equatable {
    /// Open time, epoch milliseconds (UTC).
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
}

/// A value built around one `Candle`, whose fields it reads and writes as its own
/// (`bar.close` for `bar.candle.close`).
@dynamicMemberLookup
public protocol CandleCarrying {
    /// The bar's open time, prices and volume.
    var candle: Candle { get set }
}

extension CandleCarrying {
    /// The candle's field at `field`.
    public subscript<Value>(dynamicMember field: WritableKeyPath<Candle, Value>) -> Value {
        get { candle[keyPath: field] }
        set { candle[keyPath: field] = newValue }
    }
}

extension BarSeries {
    /// Bar `index` as a candle, its prices exactly as loaded.
    /// - Complexity: O(1).
    public func candle(at index: Int) -> Candle {
        Candle(
            openTime: timestamps[index], open: open[index], high: high[index], low: low[index], close: close[index],
            volume: volume[index])
    }

    /// Appends `candle` to the time and OHLCV columns (the caller keeps any further columns the
    /// same length).
    /// - Complexity: amortised O(1).
    public mutating func append(_ candle: Candle) {
        timestamps.append(candle.openTime)
        open.append(candle.open)
        high.append(candle.high)
        low.append(candle.low)
        close.append(candle.close)
        volume.append(candle.volume)
    }
}
