import Foundation
import Synchronization

/// Downloads a window of closed candles per symbol into the market store, page by page.
///
/// Each symbol resumes where its store ends: the first request starts one bar after the last
/// stored open time (or at `from` for an empty store) and asks for pages of
/// `KlineClient.maxLimit` bars up to `end` (exclusive; the forming candle is never written).
/// Every page is one store transaction, so a run stopped at any point — Ctrl-C, a dead server, a
/// killed process — keeps every page it committed and the next run continues after them.
/// Retries, backoff and short `Retry-After` waits are the client's `RetryPolicy`; a longer
/// `Retry-After` (429 or 418) is waited out here, up to `maxRateLimitWaitMilliseconds`; the
/// `X-MBX-USED-WEIGHT-1M` header goes through a shared `RequestWeightPacer`. At most
/// `concurrency` symbols download at once. Stretches the exchange has no bars for are reported as
/// `ExchangeGap`s and never filled in.
public final class HistoryFetcher: Sendable {
    /// 2017-01-01 00:00 UTC, before any Binance listing: the start of an empty store's window
    /// when no `from` is given (the exchange answers from the symbol's first bar).
    public static let earliest: Int64 = 1_483_228_800_000
    /// Rate-limit waits in a row without a page in between before a symbol gives up.
    static let maxConsecutiveRateLimitWaits = 20

    private let client: KlineClient
    private let store: MarketStore
    private let clock: any LiveClock
    private let pacer: RequestWeightPacer
    private let concurrency: Int
    private let maxRateLimitWaitMilliseconds: Int64
    private let cancellation: CancellationToken

    /// Creates a fetcher.
    /// - Parameters:
    ///   - client: the klines client (its `RetryPolicy` and rate-limit block are shared by every symbol).
    ///   - store: the market store written to.
    ///   - clock: time and sleeping (waits stop early on `cancellation`).
    ///   - weightLimit: the endpoint's request weight per minute.
    ///   - concurrency: symbols fetched at once (≥ 1).
    ///   - maxRateLimitWaitMilliseconds: the longest `Retry-After` waited out (10 minutes by default).
    ///   - cancellation: stops every symbol before its next page.
    public init(
        client: KlineClient, store: MarketStore, clock: any LiveClock, weightLimit: Int, concurrency: Int,
        maxRateLimitWaitMilliseconds: Int64 = 600_000, cancellation: CancellationToken = .never
    ) {
        precondition(concurrency >= 1, "HistoryFetcher.init: concurrency \(concurrency) < 1")
        self.client = client
        self.store = store
        self.clock = clock
        pacer = RequestWeightPacer(limit: weightLimit)
        self.concurrency = concurrency
        self.maxRateLimitWaitMilliseconds = maxRateLimitWaitMilliseconds
        self.cancellation = cancellation
    }

    /// Fetches `symbols` over `[from, to)`, at most `concurrency` at a time.
    /// - Parameters:
    ///   - from: first open time wanted (default `earliest`); a store that already reaches past it
    ///     resumes after its last bar.
    ///   - to: end, exclusive (default and at most: the open time of the forming candle).
    ///   - progress: called after each committed page, from the symbol's worker thread.
    /// - Returns: one report per symbol, in the order given.
    /// - Throws: `FetchError` when the request is wrong (nothing is fetched then).
    /// - Complexity: O(bars) time; one page of klines in memory per worker.
    public func fetch(
        symbols: [String], interval: BarInterval, from: Int64?, to: Int64?,
        progress: @escaping @Sendable (FetchProgress) -> Void = { _ in }
    ) throws(FetchError) -> [FetchReport] {
        guard !symbols.isEmpty else { throw .noSymbols }
        if let bad = symbols.first(where: { !BarSymbol.isValid($0) }) { throw .invalidSymbol(bad) }
        let step = interval.milliseconds
        let forming = clock.now() / step * step
        if let from, let to, from >= to { throw .badRange(from: from, to: to) }
        if let from, from >= forming { throw .fromInFuture(from: from, lastClosed: forming - step) }
        let start = Self.alignUp(from ?? Self.earliest, step: step)
        let end = min(Self.alignUp(to ?? forming, step: step), forming)
        let reports = Mutex<[FetchReport?]>(Array(repeating: nil, count: symbols.count))
        let next = Atomic<Int>(0)
        let workers = min(concurrency, symbols.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < symbols.count else { return }
                let report = fetchSymbol(
                    symbols[index].uppercased(), interval: interval, from: start, end: end,
                    explicitFrom: from != nil, progress: progress)
                reports.withLock { $0[index] = report }
            }
        }
        return reports.withLock { $0.compactMap { $0 } }
    }

    /// `value` rounded up to the interval's grid.
    static func alignUp(_ value: Int64, step: Int64) -> Int64 {
        let floor = value >= 0 ? value / step * step : -((-value + step - 1) / step) * step
        return floor == value ? value : floor + step
    }

    private func fetchSymbol(
        _ symbol: String, interval: BarInterval, from: Int64, end: Int64, explicitFrom: Bool,
        progress: @Sendable (FetchProgress) -> Void
    ) -> FetchReport {
        let step = interval.milliseconds
        var report = FetchReport(
            symbol: symbol, interval: interval, path: store.path(symbol: symbol, interval: interval),
            start: from, end: end)
        let stored: (first: Int64, last: Int64, count: Int)?
        do {
            stored = try store.storedRange(symbol: symbol, interval: interval)
        } catch {
            report.outcome = .failed(error)
            return report
        }
        var previous: Int64? = nil
        if let stored {
            report.storedBars = stored.count
            if stored.last + step > from {
                report.start = stored.last + step
                previous = stored.last
                report.notes.append(
                    "resumed after the store's last bar (\(BarTime.string(fromMilliseconds: stored.last)))")
                if explicitFrom && from < stored.first {
                    report.notes.append(
                        "the store starts at \(BarTime.string(fromMilliseconds: stored.first)); fetch extends a "
                            + "store forward only (move the file aside to fetch earlier history)")
                }
            }
        }
        guard report.start < end else {
            report.outcome = .upToDate
            return report
        }
        report.expectedBars = Int((end - report.start) / step)
        let began = clock.now()
        func tell() {
            progress(
                FetchProgress(
                    symbol: symbol, fetched: report.barsInserted, expected: report.expectedBars,
                    elapsedMilliseconds: clock.now() - began))
        }
        tell()
        var cursor = report.start
        var rateLimitWaits = 0
        var beforeListing = 0
        while cursor < end {
            if cancellation.isCancelled {
                report.outcome = .interrupted
                break
            }
            if pacer.resumeAt > clock.now() {
                report.weightPauses += 1
                if !clock.sleep(until: pacer.resumeAt, cancellation: cancellation) {
                    report.outcome = .interrupted
                    break
                }
            }
            let page: KlineClient.Page
            do {
                page = try client.fetchPage(
                    symbol: symbol, interval: interval, startTime: cursor, endTime: end - 1,
                    limit: KlineClient.maxLimit, now: clock.now())
            } catch {
                if case .rateLimited(_, _, let until) = error,
                    until - clock.now() <= maxRateLimitWaitMilliseconds,
                    rateLimitWaits < Self.maxConsecutiveRateLimitWaits
                {
                    rateLimitWaits += 1
                    report.rateLimitWaits += 1
                    if clock.sleep(until: until, cancellation: cancellation) { continue }
                    report.outcome = .interrupted
                } else if case .cancelled = error {
                    report.outcome = .interrupted
                } else {
                    report.outcome = .failed(error)
                }
                break
            }
            rateLimitWaits = 0
            pacer.record(usedWeight: page.usedWeight, now: clock.now())
            let klines = page.klines.filter { $0.openTime >= cursor && $0.openTime < end }
            if let first = klines.first {
                if let previous {
                    if first.openTime - previous > step { report.gaps.append(gap(previous, first.openTime, step)) }
                } else if first.openTime > report.start {
                    beforeListing = Int((first.openTime - report.start) / step)
                    report.notes.append(
                        "the exchange's history starts at \(BarTime.string(fromMilliseconds: first.openTime))")
                }
                for (a, b) in zip(klines, klines.dropFirst()) where b.openTime - a.openTime > step {
                    report.gaps.append(gap(a.openTime, b.openTime, step))
                }
                do {
                    report.barsInserted += try store.append(klines, symbol: symbol, interval: interval)
                } catch {
                    report.outcome = .failed(error)
                    break
                }
                report.pages += 1
                report.firstFetched = report.firstFetched ?? first.openTime
                report.lastFetched = klines.last?.openTime
                previous = klines.last?.openTime
                cursor = (klines.last?.openTime ?? cursor) + step
                report.expectedBars = max(
                    report.barsInserted, Int((end - report.start) / step) - beforeListing - report.missingBars)
                tell()
            }
            let lastSent = page.klines.last?.openTime ?? end
            if page.rowsSent < KlineClient.maxLimit || klines.isEmpty || lastSent + step >= end { break }
        }
        if report.outcome == .complete, report.barsInserted < report.expectedBars, let last = report.lastFetched ?? previous {
            report.notes.append(
                "the exchange has no bars after \(BarTime.string(fromMilliseconds: last)) (\(report.expectedBars - report.barsInserted) bars to the end)")
            report.expectedBars = report.barsInserted
        }
        report.storedBars = (try? store.storedRange(symbol: symbol, interval: interval))??.count ?? report.storedBars
        return report
    }

    private func gap(_ before: Int64, _ after: Int64, _ step: Int64) -> ExchangeGap {
        ExchangeGap(lastBefore: before, firstAfter: after, missingBars: Int((after - before) / step) - 1)
    }
}
