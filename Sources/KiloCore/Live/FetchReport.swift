/// A stretch the exchange itself has no bars for (a maintenance window), found while fetching:
/// reported, never filled in.
public struct ExchangeGap: Sendable, Equatable, Codable {
    /// Open time of the last bar before the gap, epoch milliseconds.
    public var lastBefore: Int64
    /// Open time of the first bar after it.
    public var firstAfter: Int64
    /// Bars missing between them.
    public var missingBars: Int
}

/// How one symbol's download went.
public struct FetchReport: Sendable, Equatable {
    /// How the symbol's fetch ended.
    public enum Outcome: Sendable, Equatable {
        /// Every closed bar up to the end was fetched (or the exchange has no more).
        case complete
        /// The store already held every closed bar of the window; nothing was asked.
        case upToDate
        /// Ctrl-C (or SIGTERM) stopped it between pages; what was committed stays.
        case interrupted
        /// The exchange or the store failed; what was committed before stays.
        case failed(LiveFeedError)
    }

    /// The symbol.
    public var symbol: String
    /// The interval.
    public var interval: BarInterval
    /// The market-store file written.
    public var path: String
    /// The first open time asked for (after resuming), epoch milliseconds.
    public var start: Int64
    /// The end of the window, exclusive: `--to` or the open time of the forming candle.
    public var end: Int64
    /// Bars newly written to the store.
    public var barsInserted: Int = 0
    /// Requests answered with klines.
    public var pages: Int = 0
    /// Open time of the first and last bar fetched in this run.
    public var firstFetched: Int64?
    public var lastFetched: Int64?
    /// The bars the window should hold (less the stretch before a listing and the gaps found).
    public var expectedBars: Int = 0
    /// Gaps the exchange's history has inside the window (and against the store's last bar).
    public var gaps: [ExchangeGap] = []
    /// Waits for a rate limit (429/418 `Retry-After` longer than a retry's backoff).
    public var rateLimitWaits: Int = 0
    /// Pauses because the used request weight neared the limit.
    public var weightPauses: Int = 0
    /// Bars in the store afterwards.
    public var storedBars: Int = 0
    /// Things the reader should know (resumed from, history starts later, …).
    public var notes: [String] = []
    /// How it ended.
    public var outcome: Outcome = .complete

    /// Bars missing in all reported gaps.
    public var missingBars: Int { gaps.reduce(0) { $0 + $1.missingBars } }
}

/// A snapshot of one symbol's download, after each committed page.
public struct FetchProgress: Sendable, Equatable {
    /// The symbol.
    public var symbol: String
    /// Bars fetched so far in this run.
    public var fetched: Int
    /// Bars the window should hold (it shrinks when the listing starts later or gaps appear).
    public var expected: Int
    /// Milliseconds since this symbol's first request (by the fetcher's clock).
    public var elapsedMilliseconds: Int64

    /// Bars per second so far (0 before any time passed).
    public var barsPerSecond: Double {
        elapsedMilliseconds > 0 ? Double(fetched) / (Double(elapsedMilliseconds) / 1_000) : 0
    }

    /// Seconds left at the current rate, or `nil` before a rate is known.
    public var etaSeconds: Double? {
        let rate = barsPerSecond
        guard rate > 0 else { return nil }
        return Double(max(0, expected - fetched)) / rate
    }
}
