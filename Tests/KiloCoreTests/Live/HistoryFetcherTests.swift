import Foundation
import KiloTestSupport
import Synchronization
import Testing

@testable import KiloCore

/// `fetch` against the loopback `HistoryExchange`: three years in pages, throttling, a server
/// that dies and the resumed run, an unknown symbol, bad ranges, Ctrl-C and the concurrency bound.
@Suite struct HistoryFetcherTests {
    typealias X = HistoryExchange
    static let listing: Int64 = 1_609_459_200_000  // 2021-01-01 00:00 UTC
    static let threeYears: Int64 = 1_704_067_200_000  // 2024-01-01 00:00 UTC
    /// Two maintenance windows: 4 bars on 2022-03-01 and 1 bar on 2023-07-15.
    static let gaps: [Range<Int64>] = [
        1_646_128_800_000..<(1_646_128_800_000 + 4 * X.step), 1_689_415_200_000..<(1_689_415_200_000 + X.step),
    ]
    let policy = RetryPolicy(maxAttempts: 3, baseDelayMilliseconds: 1_000, maxDelayMilliseconds: 30_000, seed: 1)

    struct Rig {
        let clock: ManualClock
        let store: MarketStore
        let directory: String
        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    func rig(now: Int64 = threeYears + 600_000) -> Rig {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-fetch-\(UUID().uuidString)").path
        return Rig(clock: ManualClock(now: now), store: MarketStore(directory: directory + "/market"), directory: directory)
    }

    func fetcher(
        _ exchange: HistoryExchange, _ rig: Rig, weightLimit: Int = 6_000, concurrency: Int = 2,
        cancellation: CancellationToken = .never
    ) -> HistoryFetcher {
        let client = KlineClient(
            baseURL: exchange.baseURL, transport: URLSessionTransport(), retry: policy, timeoutSeconds: 10,
            clock: rig.clock, cancellation: cancellation)
        return HistoryFetcher(
            client: client, store: rig.store, clock: rig.clock, weightLimit: weightLimit, concurrency: concurrency,
            cancellation: cancellation)
    }

    func storedTimes(_ rig: Rig, _ symbol: String = "BTCEUR") throws -> [Int64] {
        try rig.store.series(symbol: symbol, interval: X.interval)?.timestamps ?? []
    }

    @Test func threeYearsArriveInPagesOfAThousandWithTheExchangesGapsReported() throws {
        let rig = rig()
        defer { rig.remove() }
        let exchange = try X(clock: rig.clock, listings: ["BTCEUR": Self.listing], gaps: Self.gaps)
        let seen = Mutex<[FetchProgress]>([])
        let reports = try fetcher(exchange, rig).fetch(
            symbols: ["BTCEUR"], interval: X.interval, from: nil, to: nil,
            progress: { p in seen.withLock { $0.append(p) } })
        let report = try #require(reports.first)
        let expected = exchange.openTimes("BTCEUR", before: Self.threeYears)
        #expect(expected.count == 52_560 - 5)
        #expect(report.outcome == .complete)
        #expect(report.barsInserted == expected.count)
        #expect(report.pages == 53)
        #expect(report.expectedBars == expected.count)
        #expect(report.gaps == [
            ExchangeGap(lastBefore: Self.gaps[0].lowerBound - X.step, firstAfter: Self.gaps[0].upperBound, missingBars: 4),
            ExchangeGap(lastBefore: Self.gaps[1].lowerBound - X.step, firstAfter: Self.gaps[1].upperBound, missingBars: 1),
        ])
        #expect(report.notes.contains("the exchange's history starts at 2021-01-01 00:00"))
        // Every bar stored once, the forming candle never; pages follow each other.
        #expect(try storedTimes(rig) == expected)
        let served = exchange.served
        #expect(served.allSatisfy { $0.limit == 1_000 && $0.endTime == Self.threeYears - 1 })
        #expect(served.first?.startTime == HistoryFetcher.earliest)
        #expect(served.dropFirst().first?.startTime == expected[999] + X.step)
        // Progress per page, monotonic, ending at expected.
        let progress = seen.withLock { $0 }
        #expect(progress.count == 54)
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.fetched <= $1.fetched })
        #expect(progress.last?.fetched == expected.count && progress.last?.expected == expected.count)
        // validate shows the exchange's gaps, none invented.
        let loaded = try BarLoader.load(path: rig.store.path(symbol: "BTCEUR", interval: X.interval))
        let validation = BarValidator.validate(loaded, now: rig.clock.now(), staleAfterBars: 3)
        #expect(validation.gapCount == 2)
    }

    @Test func aSecondRunFetchesOnlyWhatIsNew() throws {
        let rig = rig()
        defer { rig.remove() }
        let exchange = try X(clock: rig.clock, listings: ["BTCEUR": Self.threeYears - 3_000 * X.step])
        let first = try fetcher(exchange, rig).fetch(symbols: ["BTCEUR"], interval: X.interval, from: nil, to: nil)
        #expect(first.first?.barsInserted == 3_000)
        let again = try fetcher(exchange, rig).fetch(symbols: ["BTCEUR"], interval: X.interval, from: nil, to: nil)
        #expect(again.first?.outcome == .upToDate)
        #expect(exchange.served.count == 3)
        rig.clock.advance(by: 10 * X.step)
        let later = try #require(
            try fetcher(exchange, rig).fetch(symbols: ["BTCEUR"], interval: X.interval, from: nil, to: nil).first)
        #expect(later.barsInserted == 10 && later.pages == 1 && later.gaps.isEmpty)
        #expect(exchange.served.last?.startTime == Self.threeYears)
        #expect(later.storedBars == 3_010)
        #expect(try storedTimes(rig) == exchange.openTimes("BTCEUR", before: Self.threeYears + 10 * X.step))
    }

    @Test func aThrottledServerIsWaitedOutThroughTheRetryPolicy() throws {
        let rig = rig()
        defer { rig.remove() }
        let exchange = try X(clock: rig.clock, listings: ["BTCEUR": Self.threeYears - 5_000 * X.step])
        exchange.setFault { _, number in
            switch number {
            case 2: X.error(429, -1003, "Too many requests.", headers: ["Retry-After": "1"])
            case 4: X.error(418, -1003, "Way too many requests; IP banned.", headers: ["Retry-After": "120"])
            default: nil
            }
        }
        let started = rig.clock.now()
        let report = try #require(
            try fetcher(exchange, rig).fetch(symbols: ["BTCEUR"], interval: X.interval, from: nil, to: nil).first)
        #expect(report.outcome == .complete)
        #expect(report.barsInserted == 5_000)
        #expect(report.rateLimitWaits == 1)
        // The 429's Retry-After within the policy's backoff is slept by the client; the 418's
        // longer one blocks the client and the fetcher waits it out, then asks again.
        #expect(rig.clock.totalSlept >= 121_000 && rig.clock.now() - started == rig.clock.totalSlept)
        let starts = exchange.served.map(\.startTime)
        #expect(starts[1] == starts[2] && starts[3] == starts[4])
        #expect(try storedTimes(rig) == exchange.openTimes("BTCEUR", before: Self.threeYears))
    }

    @Test func theUsedWeightHeaderPausesUntilTheNextMinute() throws {
        let rig = rig()
        defer { rig.remove() }
        let exchange = try X(
            clock: rig.clock, listings: ["BTCEUR": Self.threeYears - 6_000 * X.step, "ETHEUR": Self.threeYears - 6_000 * X.step])
        let reports = try fetcher(exchange, rig, weightLimit: 10, concurrency: 1).fetch(
            symbols: ["BTCEUR", "ETHEUR"], interval: X.interval, from: nil, to: nil)
        #expect(reports.map(\.outcome) == [.complete, .complete])
        #expect(reports.map(\.barsInserted) == [6_000, 6_000])
        // 2 weight a request: the 4th of a minute reports 8 of 10, and the next waits for the
        // next minute, so no minute goes over 8.
        #expect(reports.map(\.weightPauses) == [1, 1])
        #expect(exchange.mostWeightInAMinute == 8)
        #expect(rig.clock.now() == Self.threeYears + 12 * 60_000)  // from minute 10, two pauses
    }

    @Test func aServerThatDiesMidRunLosesNothingCommittedAndTheNextRunResumes() throws {
        let rig = rig()
        defer { rig.remove() }
        let listings = ["BTCEUR": Self.listing]
        let dying = try X(clock: rig.clock, listings: listings, gaps: Self.gaps)
        let report = try #require(
            try fetcher(dying, rig).fetch(
                symbols: ["BTCEUR"], interval: X.interval, from: nil, to: nil,
                progress: { p in if p.fetched >= 5_000 { dying.server.stop() } }
            ).first)
        guard case .failed(.network(let symbol, _, _, let attempts)) = report.outcome else {
            Issue.record("expected a network failure, got \(report.outcome)")
            return
        }
        #expect(symbol == "BTCEUR" && attempts == 3)
        #expect(report.barsInserted == 5_000)
        let all = dying.openTimes("BTCEUR", before: Self.threeYears)
        #expect(try storedTimes(rig) == Array(all.prefix(5_000)))

        let revived = try X(clock: rig.clock, listings: listings, gaps: Self.gaps)
        let resumed = try #require(
            try fetcher(revived, rig).fetch(symbols: ["BTCEUR"], interval: X.interval, from: nil, to: nil).first)
        #expect(resumed.outcome == .complete)
        #expect(revived.served.first?.startTime == all[4_999] + X.step)
        #expect(resumed.barsInserted == all.count - 5_000)
        #expect(resumed.notes.first == "resumed after the store's last bar (\(BarTime.string(fromMilliseconds: all[4_999])))")
        #expect(try storedTimes(rig) == all)
    }

    @Test func anUnknownSymbolFailsAloneAndWritesNothing() throws {
        let rig = rig()
        defer { rig.remove() }
        let exchange = try X(clock: rig.clock, listings: ["BTCEUR": Self.threeYears - 100 * X.step])
        let reports = try fetcher(exchange, rig).fetch(
            symbols: ["BTCEUR", "NOPEEUR"], interval: X.interval, from: nil, to: nil)
        #expect(reports.map(\.symbol) == ["BTCEUR", "NOPEEUR"])
        #expect(reports[0].outcome == .complete && reports[0].barsInserted == 100)
        guard case .failed(.httpStatus(_, _, let status, let message, let attempts)) = reports[1].outcome else {
            Issue.record("expected http 400, got \(reports[1].outcome)")
            return
        }
        #expect(status == 400 && message == "Invalid symbol. (code -1121)" && attempts == 1)
        #expect(!FileManager.default.fileExists(atPath: rig.store.path(symbol: "NOPEEUR", interval: X.interval)))
    }

    @Test func aBadRequestIsRefusedBeforeAnyRequest() throws {
        let rig = rig()
        defer { rig.remove() }
        let exchange = try X(clock: rig.clock, listings: ["BTCEUR": Self.listing])
        let f = fetcher(exchange, rig)
        let day: Int64 = 86_400_000
        #expect(throws: FetchError.badRange(from: Self.listing + day, to: Self.listing)) {
            try f.fetch(symbols: ["BTCEUR"], interval: X.interval, from: Self.listing + day, to: Self.listing)
        }
        #expect(throws: FetchError.badRange(from: Self.listing, to: Self.listing)) {
            try f.fetch(symbols: ["BTCEUR"], interval: X.interval, from: Self.listing, to: Self.listing)
        }
        #expect(throws: FetchError.fromInFuture(from: Self.threeYears + day, lastClosed: Self.threeYears - X.step)) {
            try f.fetch(symbols: ["BTCEUR"], interval: X.interval, from: Self.threeYears + day, to: nil)
        }
        #expect(throws: FetchError.invalidSymbol("BTC-EUR")) {
            try f.fetch(symbols: ["BTC-EUR"], interval: X.interval, from: nil, to: nil)
        }
        #expect(throws: FetchError.noSymbols) { try f.fetch(symbols: [], interval: X.interval, from: nil, to: nil) }
        #expect(exchange.served.isEmpty)
        #expect(
            FetchError.badRange(from: Self.listing + day, to: Self.listing).description
                == "--from 2021-01-02 00:00 is not before --to 2021-01-01 00:00")
    }

    @Test func aWindowKeepsToItsDatesAndTheGridAndToIsExclusive() throws {
        let rig = rig()
        defer { rig.remove() }
        let exchange = try X(clock: rig.clock, listings: ["BTCEUR": Self.listing])
        let from = Self.listing + 10 * X.step + 5  // rounds up to the next bar
        let to = Self.listing + 30 * X.step
        let report = try #require(
            try fetcher(exchange, rig).fetch(symbols: ["BTCEUR"], interval: X.interval, from: from, to: to).first)
        #expect(report.start == Self.listing + 11 * X.step && report.end == to)
        #expect(report.barsInserted == 19 && report.expectedBars == 19)
        let wanted: [Int64] = (11..<30).map { Self.listing + Int64($0) * X.step }
        #expect(try storedTimes(rig) == wanted)
    }

    @Test func ctrlCStopsBetweenPagesAndKeepsThem() throws {
        let rig = rig()
        defer { rig.remove() }
        let exchange = try X(clock: rig.clock, listings: ["BTCEUR": Self.listing])
        let token = CancellationToken()
        let report = try #require(
            try fetcher(exchange, rig, cancellation: token).fetch(
                symbols: ["BTCEUR"], interval: X.interval, from: nil, to: nil,
                progress: { p in if p.fetched >= 2_000 { token.cancel() } }
            ).first)
        #expect(report.outcome == .interrupted)
        #expect(report.barsInserted == 2_000 && exchange.served.count == 2)
        #expect(try storedTimes(rig).count == 2_000)
    }

    @Test func noMoreSymbolsThanTheBoundAreFetchedAtOnce() throws {
        let rig = rig()
        defer { rig.remove() }
        let symbols = ["AAAEUR", "BBBEUR", "CCCEUR", "DDDEUR", "EEEEUR"]
        let exchange = try X(
            clock: rig.clock, listings: Dictionary(uniqueKeysWithValues: symbols.map { ($0, Self.threeYears - 2_500 * X.step) }))
        let reports = try fetcher(exchange, rig, concurrency: 2).fetch(
            symbols: symbols, interval: X.interval, from: nil, to: nil)
        #expect(reports.map(\.symbol) == symbols)
        #expect(reports.allSatisfy { $0.outcome == .complete && $0.barsInserted == 2_500 })
        #expect(exchange.mostInFlight <= 2)
        #expect(exchange.served.count == 15)
    }
}
