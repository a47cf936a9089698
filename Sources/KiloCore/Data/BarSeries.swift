/// Where a series came from: the file, its format and (lazily) its fingerprint.
public struct BarSource: Sendable, Equatable, Codable {
    /// The formats Kilo reads.
    public enum Format: String, Sendable, Codable {
        /// Binance kline CSV (`timestamp,open,high,low,close,volume,quote_volume,...`).
        case binanceKlineCSV = "binance-csv"
        /// Any CSV with a header naming a time column and OHLCV columns.
        case ohlcvCSV = "ohlcv-csv"
        /// The original Bot_kilo SQLite file (`market_data` table).
        case botKiloSQLite = "sqlite"
        /// Bars made in memory (tests, synthetic benchmarks).
        case synthetic
    }

    /// The path as given to `load`.
    public var path: String
    /// The file format.
    public var format: Format

    /// Bars made in memory, read from no file.
    public static let memory = BarSource(path: "<memory>", format: .synthetic)
}

/// Time-sorted OHLCV bars of one symbol, stored column by column (struct of arrays).
///
/// Timestamps are bar open times in epoch milliseconds (UTC). Prices are kept exactly as read:
/// never clipped, never repaired. Columns beyond OHLCV are present when the source has them.
public struct BarSeries: Sendable, Equatable {
    /// The exchange symbol, for example `BTCEUR`.
    public var symbol: String
    /// The bar spacing (from the file name, or the median spacing).
    public var interval: BarInterval
    /// Bar open times, epoch milliseconds, ascending.
    public var timestamps: [Int64]
    /// Open prices.
    public var open: [Double]
    /// High prices.
    public var high: [Double]
    /// Low prices.
    public var low: [Double]
    /// Close prices.
    public var close: [Double]
    /// Base-asset volume.
    public var volume: [Double]
    /// Quote-asset volume, when the source has it.
    public var quoteVolume: [Double]?
    /// Number of trades, when the source has it.
    public var trades: [Double]?
    /// Taker-buy base volume, when the source has it.
    public var takerBuyBase: [Double]?
    /// Taker-buy quote volume, when the source has it.
    public var takerBuyQuote: [Double]?
    /// Where the bars came from.
    public var source: BarSource

    /// Creates a series from OHLCV columns of equal length.
    public init(
        symbol: String, interval: BarInterval, timestamps: [Int64], open: [Double],
        high: [Double], low: [Double], close: [Double], volume: [Double],
        source: BarSource = .memory
    ) {
        precondition(
            [open.count, high.count, low.count, close.count, volume.count].allSatisfy {
                $0 == timestamps.count
            }, "BarSeries.init: column lengths differ from timestamps.count \(timestamps.count)")
        self.symbol = symbol
        self.interval = interval
        self.timestamps = timestamps
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.source = source
    }

    /// The number of bars.
    public var count: Int { timestamps.count }

    /// Whether the series has no bars.
    public var isEmpty: Bool { timestamps.isEmpty }

    /// The bars `range` as a new series (extra columns included).
    /// - Complexity: O(range.count).
    public func slice(_ range: Range<Int>) -> BarSeries {
        var copy = BarSeries(
            symbol: symbol, interval: interval, timestamps: Array(timestamps[range]),
            open: Array(open[range]), high: Array(high[range]), low: Array(low[range]),
            close: Array(close[range]), volume: Array(volume[range]), source: source)
        copy.quoteVolume = quoteVolume.map { Array($0[range]) }
        copy.trades = trades.map { Array($0[range]) }
        copy.takerBuyBase = takerBuyBase.map { Array($0[range]) }
        copy.takerBuyQuote = takerBuyQuote.map { Array($0[range]) }
        return copy
    }

    /// The index of the last bar whose open time is at or before `timestamp`, or `nil`.
    /// - Complexity: O(log n).
    public func lastIndex(atOrBefore timestamp: Int64) -> Int? {
        var lo = 0
        var hi = timestamps.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if timestamps[mid] <= timestamp { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }
}
