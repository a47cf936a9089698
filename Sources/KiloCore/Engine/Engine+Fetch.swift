import Foundation

extension Engine {
    /// Downloads closed candles of `symbols` from `trading.live.base_url` into the market store
    /// (`trading.live.market_store`), resuming where each symbol's file ends; see `HistoryFetcher`.
    /// - Parameters:
    ///   - symbols: the symbols (`nil`: `data.symbols`).
    ///   - interval: the bar interval (`nil`: `data.interval`).
    ///   - from: first open time wanted, epoch ms (`nil`: the symbol's first bar on the exchange).
    ///   - to: end, exclusive (`nil`: the forming candle).
    ///   - transport: sends the requests (the real network by default).
    ///   - clock: time and sleeping.
    ///   - cancellation: stops every symbol before its next page.
    ///   - progress: called after each committed page, from worker threads.
    /// - Returns: one report per symbol.
    /// - Throws: `FetchError` for a wrong request.
    public func fetch(
        symbols: [String]?, interval: BarInterval? = nil, from: Int64?, to: Int64?,
        transport: any HTTPTransport = URLSessionTransport(), clock: any LiveClock = SystemClock(),
        cancellation: CancellationToken = .never, progress: @escaping @Sendable (FetchProgress) -> Void = { _ in }
    ) throws(FetchError) -> [FetchReport] {
        let live = config.trading.live
        let client = KlineClient(
            baseURL: live.baseURL, transport: transport, retry: RetryPolicy(config: live),
            timeoutSeconds: live.timeoutSeconds, clock: clock, cancellation: cancellation)
        let fetcher = HistoryFetcher(
            client: client, store: MarketStore(directory: live.marketStore), clock: clock,
            weightLimit: live.fetchWeightLimit, concurrency: live.fetchConcurrency, cancellation: cancellation)
        return try fetcher.fetch(
            symbols: symbols ?? config.data.symbols, interval: interval ?? config.data.interval, from: from, to: to,
            progress: progress)
    }
}
