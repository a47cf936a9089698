import Synchronization

/// The trader's market feed over a Binance-compatible klines endpoint.
///
/// On creation it reads each symbol's bars from the `MarketStore` and back-fills them from the
/// endpoint up to the latest closed bar (`historyBars` bars for an empty store), pages of at most
/// 1 000. `cursor` is then the open time of the bar still forming. Each `next()` sleeps until that
/// bar has closed plus the grace (polling the cancellation token), fetches every symbol's new
/// closed bars — back-filling any gap first, so history has no hole the endpoint can fill —
/// appends them to the store and to the in-memory history, and reveals per symbol the bar opening
/// at the cursor with the clock set to now.
///
/// A symbol whose fetch failed after its retries, or whose response was rejected, has no bar in
/// that snapshot (the trader reports it missing and trades the others); `problems` keeps the
/// reason until the symbol's next good fetch. After `seek(to:)` with an older cursor (a restart),
/// the bars since then are revealed one per `next()` without waiting; their clock is now, so the
/// trader's freshness check refuses all but the newest. A forming candle is never revealed and a
/// bar is never revealed twice for one cursor.
///
/// Call `next()`, `seek(to:)` and `history(of:)` from one thread at a time; `problems` may be
/// read from any thread.
public final class LiveFeed: MarketFeed, Sendable {
    /// The symbols, in the order given.
    public let symbols: [String]
    /// The shared bar interval.
    public let interval: BarInterval
    private let client: KlineClient
    private let store: MarketStore
    private let clock: any LiveClock
    private let graceMilliseconds: Int64
    private let historyBars: Int
    private let cancellation: CancellationToken
    private let onProblem: @Sendable (LiveFeedError) -> Void
    private let state: Mutex<State>

    private struct State {
        var cursor: Int64
        var histories: [String: BarSeries]
        var problems: [String: LiveFeedError] = [:]
    }

    /// Opens the feed: reads the store and back-fills every symbol (fetch problems are recorded
    /// in `problems`, not thrown).
    ///
    /// - Parameters:
    ///   - symbols: exchange symbols such as `BTCEUR` (upper-cased).
    ///   - interval: the bar interval; it must divide one day.
    ///   - client: the klines client (its cancellation token should be `cancellation`).
    ///   - store: the market store.
    ///   - clock: wall-clock time and sleeping.
    ///   - graceMilliseconds: wait after a bar's close before fetching it, in [0, interval).
    ///   - historyBars: bars fetched per symbol when the store has none (≥ 1).
    ///   - cancellation: ends a wait in `next()`, which then returns `nil`, and stops reading a
    ///     long store file (that symbol's problem is then the interrupted load).
    ///   - onProblem: called with each problem as it happens (for the log).
    /// - Throws: `TradingError.invalidFeed` for no or repeated symbols, an interval that does not
    ///   divide a day, or a grace outside [0, interval).
    public init(
        symbols: [String], interval: BarInterval, client: KlineClient, store: MarketStore,
        clock: any LiveClock, graceMilliseconds: Int64, historyBars: Int,
        cancellation: CancellationToken = .never,
        onProblem: @escaping @Sendable (LiveFeedError) -> Void = { _ in }
    ) throws(TradingError) {
        let symbols = symbols.map { $0.uppercased() }
        guard !symbols.isEmpty else { throw .invalidFeed(reason: "no symbols") }
        guard Set(symbols).count == symbols.count else {
            throw .invalidFeed(reason: "a symbol appears twice")
        }
        guard 86_400_000 % interval.milliseconds == 0 else {
            throw .invalidFeed(reason: "interval \(interval) does not divide a day")
        }
        guard graceMilliseconds >= 0, graceMilliseconds < interval.milliseconds else {
            throw .invalidFeed(
                reason: "grace of \(graceMilliseconds) ms is not within one \(interval) interval")
        }
        precondition(historyBars >= 1, "LiveFeed.init: historyBars \(historyBars) < 1")
        self.symbols = symbols
        self.interval = interval
        self.client = client
        self.store = store
        self.clock = clock
        self.graceMilliseconds = graceMilliseconds
        self.historyBars = historyBars
        self.cancellation = cancellation
        self.onProblem = onProblem
        let now = clock.now()
        var histories: [String: BarSeries] = [:]
        var problems: [String: LiveFeedError] = [:]
        for symbol in symbols {
            let empty = Self.emptySeries(
                symbol, interval, path: store.path(symbol: symbol, interval: interval))
            do {
                histories[symbol] =
                    try store.series(symbol: symbol, interval: interval, cancellation: cancellation) ?? empty
            } catch {
                problems[symbol] = error
                onProblem(error)
                histories[symbol] = empty
            }
        }
        let cursor = Self.latestClosedOpenTime(now, interval) + interval.milliseconds
        state = Mutex(State(cursor: cursor, histories: histories, problems: problems))
        for symbol in symbols where problems[symbol] == nil {
            catchUp(symbol, now: now)
        }
    }

    /// Builds the feed of `trading.live` over `transport` (a `URLSessionTransport` for real use).
    /// - Throws: `TradingError.invalidFeed` as the designated initializer does.
    public convenience init(
        config: LiveConfig, symbols: [String], interval: BarInterval,
        transport: any HTTPTransport = URLSessionTransport(), clock: any LiveClock = SystemClock(),
        cancellation: CancellationToken = .never,
        onProblem: @escaping @Sendable (LiveFeedError) -> Void = { _ in }
    ) throws(TradingError) {
        let client = KlineClient(
            baseURL: config.baseURL, transport: transport, retry: RetryPolicy(config: config),
            timeoutSeconds: config.timeoutSeconds, clock: clock, cancellation: cancellation)
        try self.init(
            symbols: symbols, interval: interval, client: client,
            store: MarketStore(directory: config.marketStore), clock: clock,
            graceMilliseconds: Int64((config.graceSeconds * 1_000).rounded()),
            historyBars: config.historyBars, cancellation: cancellation, onProblem: onProblem)
    }

    /// The open time of the next bar to reveal.
    public var cursor: Int64 { state.withLock { $0.cursor } }

    /// When `next()` reveals the bar at `cursor`: its close plus the grace, epoch milliseconds
    /// (earlier than now after `seek(to:)` into the past: `next()` does not wait then).
    public var nextDueTime: Int64 { cursor + interval.milliseconds + graceMilliseconds }

    /// A live feed only ends when cancelled.
    public var isExhausted: Bool { cancellation.isCancelled }

    /// The closed bars of `symbol` fetched so far (stored ones included), oldest first.
    public func history(of symbol: String) -> BarSeries? {
        state.withLock { $0.histories[symbol] }
    }

    /// Per symbol, why its latest fetch failed; a symbol leaves once a fetch succeeds.
    public var problems: [String: LiveFeedError] { state.withLock { $0.problems } }

    /// Waits for the bar at `cursor` to close (plus the grace), fetches, and reveals it.
    /// - Returns: `nil` when cancelled (before or while fetching); the cursor then stays.
    public func next() throws(TradingError) -> MarketSnapshot? {
        let openTime = cursor
        guard clock.sleep(until: nextDueTime, cancellation: cancellation) else { return nil }
        let fetchTime = clock.now()
        for symbol in symbols { catchUp(symbol, now: fetchTime) }
        if cancellation.isCancelled { return nil }
        let now = clock.now()
        return state.withLock { state in
            var bars: [String: RevealedBar] = [:]
            for symbol in symbols {
                guard let history = state.histories[symbol],
                    let i = history.lastIndex(atOrBefore: openTime), history.timestamps[i] == openTime
                else { continue }
                bars[symbol] = RevealedBar(series: history, index: i)
            }
            state.cursor = openTime + interval.milliseconds
            return MarketSnapshot(clock: now, expectedOpenTime: openTime, bars: bars)
        }
    }

    /// Moves the cursor to `cursor` (a value read from `cursor` earlier, e.g. the journal's).
    /// - Throws: `TradingError.invalidFeed` when `cursor` is not on the interval's grid.
    public func seek(to cursor: Int64) throws(TradingError) {
        guard cursor % interval.milliseconds == 0 else {
            throw .invalidFeed(reason: "cursor \(cursor) is not on the \(interval) grid")
        }
        state.withLock { $0.cursor = cursor }
    }

    /// The open time of the newest bar closed at `now`: `open + interval ≤ now`.
    static func latestClosedOpenTime(_ now: Int64, _ interval: BarInterval) -> Int64 {
        let step = interval.milliseconds
        let last = now - step
        return last >= 0 ? last - last % step : last - ((last % step) + step) % step
    }

    /// Fetches `symbol`'s closed bars after its history up to the newest closed at `now`
    /// (`historyBars` of them for an empty history), page by page, into the store and history;
    /// records or clears the symbol's problem.
    private func catchUp(_ symbol: String, now: Int64) {
        let step = interval.milliseconds
        let latest = Self.latestClosedOpenTime(now, interval)
        guard var history = history(of: symbol) else { return }
        var from =
            history.timestamps.last.map { $0 + step } ?? latest - Int64(historyBars - 1) * step
        var problem: LiveFeedError?
        let maxPages = Int(max(0, latest - from) / step) / KlineClient.maxLimit + 2
        var pages = 0
        while from <= latest, pages < maxPages {
            pages += 1
            let limit = Int(min(Int64(KlineClient.maxLimit), (latest - from) / step + 1))
            let klines: [Kline]
            do {
                klines = try client.fetch(
                    symbol: symbol, interval: interval, startTime: from, limit: limit, now: now)
            } catch {
                problem = error
                break
            }
            let fresh = klines.filter { $0.openTime >= from && $0.openTime <= latest }
            guard let last = fresh.last else { break }
            do {
                try store.append(fresh, symbol: symbol, interval: interval)
            } catch {
                problem = error
            }
            Self.append(fresh, to: &history)
            from = last.openTime + step
        }
        state.withLock { state in
            state.histories[symbol] = history
            state.problems[symbol] = problem
        }
        if let problem { onProblem(problem) }
    }

    private static func append(_ klines: [Kline], to series: inout BarSeries) {
        for k in klines {
            series.append(k.candle)
            series.quoteVolume?.append(k.quoteVolume)
            series.trades?.append(Double(k.trades))
            series.takerBuyBase?.append(k.takerBuyBase)
            series.takerBuyQuote?.append(k.takerBuyQuote)
        }
    }

    private static func emptySeries(_ symbol: String, _ interval: BarInterval, path: String)
        -> BarSeries
    {
        var series = BarSeries(
            symbol: symbol, interval: interval, timestamps: [], open: [], high: [], low: [],
            close: [], volume: [], source: BarSource(path: path, format: .botKiloSQLite))
        series.quoteVolume = []
        series.trades = []
        series.takerBuyBase = []
        series.takerBuyQuote = []
        return series
    }
}
