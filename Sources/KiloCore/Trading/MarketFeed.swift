/// One closed bar of one symbol, as a feed reveals it.
public struct RevealedBar: Sendable, Equatable, CandleCarrying {
    /// The bar's index in its symbol's history (`MarketFeed.history(of:)`).
    public var index: Int
    /// Open time, prices and base volume, as loaded.
    public var candle: Candle

    /// Reads bar `index` of `series`.
    public init(series: BarSeries, index: Int) {
        self.index = index
        candle = series.candle(at: index)
    }
}

/// What one feed step reveals: the clock and, per symbol, its newest closed bar (if any).
public struct MarketSnapshot: Sendable, Equatable {
    /// The feed clock, epoch milliseconds (for replay: the close time of the bars revealed).
    public var clock: Int64
    /// The open time of the bar every symbol was expected to close at this step.
    public var expectedOpenTime: Int64
    /// Newest closed bar per symbol; a symbol absent here has no bar for this step.
    public var bars: [String: RevealedBar]
}

/// A source of closed bars for several symbols: replayed history now, an exchange later.
///
/// The trader calls `next()` once per iteration; a feed never reveals a bar before it has closed.
/// `cursor` is all the state needed to resume: `seek(to:)` with a saved cursor makes the next
/// `next()` reveal what it would have revealed.
public protocol MarketFeed {
    /// The symbols, in the order the trader processes them.
    var symbols: [String] { get }
    /// The bar interval shared by all symbols.
    var interval: BarInterval { get }
    /// The open time of the next bars to reveal, epoch milliseconds.
    var cursor: Int64 { get }
    /// Whether `next()` has nothing more to reveal.
    var isExhausted: Bool { get }
    /// The bars of `symbol` revealed so far and before (models read `[0...bar.index]`).
    func history(of symbol: String) -> BarSeries?
    /// Reveals the next closed bar of every symbol and moves the cursor one interval on;
    /// `nil` when exhausted.
    /// - Throws: a live feed's connection problems as `TradingError.invalidFeed`.
    mutating func next() throws(TradingError) -> MarketSnapshot?
    /// Moves the cursor to `cursor` (a value read from `cursor` earlier).
    mutating func seek(to cursor: Int64) throws(TradingError)
}

/// Replays loaded series one interval at a time, from a start bar.
///
/// Step `k` expects bars opening at `start + k × interval` and reveals, per symbol, the bar that
/// opens then (a symbol without one is missing for that step); the clock is that bar's close.
public struct ReplayFeed: MarketFeed, Sendable {
    /// The symbols, in the order given.
    public let symbols: [String]
    /// The shared bar interval.
    public let interval: BarInterval
    /// The open time of the next bars to reveal.
    public private(set) var cursor: Int64
    /// The last open time replayed (inclusive).
    public let endTime: Int64
    private let series: [String: BarSeries]

    /// Replays `series` from the bar opening at `startTime` through `endTime` (default: the last
    /// bar of any series).
    /// - Throws: `TradingError.invalidFeed` for no series, duplicated symbols or mixed intervals.
    public init(series: [BarSeries], from startTime: Int64, through endTime: Int64? = nil)
        throws(TradingError)
    {
        guard let first = series.first else { throw .invalidFeed(reason: "no series") }
        if let other = series.first(where: { $0.interval != first.interval }) {
            throw .invalidFeed(
                reason:
                    "'\(other.symbol)' has interval \(other.interval), '\(first.symbol)' \(first.interval)"
            )
        }
        guard Set(series.map(\.symbol)).count == series.count else {
            throw .invalidFeed(reason: "a symbol appears twice")
        }
        if let empty = series.first(where: \.isEmpty) {
            throw .invalidFeed(reason: "'\(empty.symbol)' has no bars")
        }
        symbols = series.map(\.symbol)
        interval = first.interval
        self.series = Dictionary(uniqueKeysWithValues: series.map { ($0.symbol, $0) })
        cursor = startTime
        self.endTime = endTime ?? series.compactMap(\.timestamps.last).max() ?? startTime
    }

    /// Replays `series` from bar `startIndex` of the first series (for example the first bar of
    /// the test split) to the end.
    /// - Throws: `TradingError.invalidFeed` as above, or for an index outside the first series.
    public init(series: [BarSeries], startIndex: Int) throws(TradingError) {
        guard let first = series.first, first.timestamps.indices.contains(startIndex) else {
            throw .invalidFeed(reason: "start index \(startIndex) is outside the first series")
        }
        try self.init(series: series, from: first.timestamps[startIndex])
    }

    public var isExhausted: Bool { cursor > endTime }

    public func history(of symbol: String) -> BarSeries? { series[symbol] }

    public mutating func next() -> MarketSnapshot? {
        guard !isExhausted else { return nil }
        let openTime = cursor
        var bars: [String: RevealedBar] = [:]
        for symbol in symbols {
            guard let s = series[symbol], let i = s.lastIndex(atOrBefore: openTime),
                s.timestamps[i] == openTime
            else { continue }
            bars[symbol] = RevealedBar(series: s, index: i)
        }
        cursor += interval.milliseconds
        return MarketSnapshot(
            clock: openTime + interval.milliseconds, expectedOpenTime: openTime, bars: bars)
    }

    public mutating func seek(to cursor: Int64) throws(TradingError) {
        guard (cursor - self.cursor) % interval.milliseconds == 0 else {
            throw .invalidFeed(reason: "cursor \(cursor) is not on the \(interval) grid")
        }
        self.cursor = cursor
    }
}
