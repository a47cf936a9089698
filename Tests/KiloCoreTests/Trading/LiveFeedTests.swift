import Foundation
import KiloTestSupport
import Synchronization
import Testing

@testable import KiloCore

@Suite struct LiveFeedTests {
    typealias H = LiveHarness
    typealias X = FakeExchange
    let step = X.step

    @Test func startBackFillsTheStoreAndPointsAtTheFormingBar() throws {
        let h = try H()
        let feed = try h.feed()
        #expect(feed.cursor == X.openTime(1_100))
        #expect(feed.problems.isEmpty)
        for symbol in H.symbols {
            let history = try #require(feed.history(of: symbol))
            let expected = try #require(H.recorded(symbol, 900..<1_100))
            #expect(Columns(history) == Columns(expected))
            #expect(history.trades == expected.trades)
            // The store holds the same bars and the ordinary loader reads it.
            let path = h.storeDirectory + "/\(symbol)_30m.sqlite"
            let loaded = try BarLoader.load(path: path).series
            #expect(loaded.symbol == symbol && loaded.interval == X.interval)
            #expect(Columns(loaded) == Columns(expected))
            #expect(h.served(symbol).map(\.startTime) == [X.openTime(900)])
            #expect(h.served(symbol).map(\.limit) == [200])
        }
    }

    @Test func longBackFillsArePaged() throws {
        let h = try H()
        let feed = try h.feed(["BTCEUR"], config: H.config { $0.historyBars = 1_050 })
        let served = h.served("BTCEUR")
        #expect(served.map(\.limit) == [1_000, 50])
        #expect(served.map(\.startTime) == [X.openTime(50), X.openTime(1_050)])
        let history = try #require(feed.history(of: "BTCEUR"))
        #expect(try Columns(history) == Columns(#require(H.recorded("BTCEUR", 50..<1_100))))
    }

    @Test func nextWaitsForCloseAndGraceThenRevealsTheClosedBar() throws {
        let h = try H()
        let feed = try h.feed()
        let due = X.openTime(1_101) + H.grace
        #expect(feed.nextDueTime == due)
        let snapshot = try #require(try feed.next())
        #expect(snapshot.expectedOpenTime == X.openTime(1_100))
        #expect(snapshot.clock == due)
        #expect(h.clock.now() == due)
        #expect(feed.cursor == X.openTime(1_101))
        for symbol in H.symbols {
            let series = try #require(feed.history(of: symbol))
            let bar = try #require(snapshot.bars[symbol])
            let recorded = try #require(X.recorded[symbol])
            #expect(bar == RevealedBar(series: series, index: series.count - 1))
            #expect(bar.close == recorded.close[1_100] && bar.volume == recorded.volume[1_100])
            #expect(h.served(symbol).last?.startTime == X.openTime(1_100))
            #expect(h.served(symbol).last?.now == due)
        }
    }

    @Test func theFormingCandleIsNeverRevealedNorStored() throws {
        let h = try H()
        h.exchange.setFault { request, now in FakeExchange.klinesWithFormingCandle(request, asOf: now) }
        let feed = try h.feed()
        #expect(feed.history(of: "BTCEUR")?.timestamps.last == X.openTime(1_099))
        for _ in 0..<6 {
            let snapshot = try #require(try feed.next())
            for symbol in H.symbols {
                let history = try #require(feed.history(of: symbol))
                let last = try #require(history.timestamps.last)
                #expect(last + step <= snapshot.clock, "a bar that had not closed is in the history")
                #expect(last == snapshot.expectedOpenTime)
            }
        }
        for symbol in H.symbols {
            let expected = try #require(H.recorded(symbol, 900..<1_106))
            #expect(try Columns(#require(feed.history(of: symbol))) == Columns(expected))
            let stored = try BarLoader.load(path: h.storeDirectory + "/\(symbol)_30m.sqlite").series
            #expect(Columns(stored) == Columns(expected))
        }
    }

    @Test func aFailingSymbolIsAbsentThenItsGapIsBackFilledBeforeRevealing() throws {
        let h = try H()
        let feed = try h.feed()
        let failures = Mutex(0)
        h.exchange.setFault { request, _ in
            guard request.query["symbol"] == "ETHEUR", failures.withLock({ $0 < 6 }) else { return nil }
            failures.withLock { $0 += 1 }
            return X.error(500, -1000, "An unknown error occurred.")
        }
        let first = try #require(try feed.next())
        let second = try #require(try feed.next())
        for snapshot in [first, second] {
            #expect(snapshot.bars["BTCEUR"] != nil)
            #expect(snapshot.bars["ETHEUR"] == nil)
        }
        guard case .httpStatus(let symbol, _, 500, _, 3)? = feed.problems["ETHEUR"] else {
            Issue.record("expected a 500 after 3 attempts, got \(String(describing: feed.problems))")
            return
        }
        #expect(symbol == "ETHEUR")
        let third = try #require(try feed.next())
        let bar = try #require(third.bars["ETHEUR"])
        #expect(bar.openTime == X.openTime(1_102))
        #expect(h.served("ETHEUR").last?.startTime == X.openTime(1_100))
        #expect(h.served("ETHEUR").last?.limit == 3)
        let history = try #require(feed.history(of: "ETHEUR"))
        #expect(try Columns(history) == Columns(#require(H.recorded("ETHEUR", 900..<1_103))))
        #expect(feed.problems.isEmpty)
    }

    @Test func aLaggingExchangeLeavesTheBarOutAndItIsFilledNextStep() throws {
        let h = try H()
        let feed = try h.feed()
        // The exchange has not published the bar that just closed (it answers as of a minute
        // before that bar's close).
        h.exchange.setFault { request, now in
            FakeExchange.klines(request, asOf: now - 60_000 - H.grace, includeForming: false)
        }
        let late = try #require(try feed.next())
        #expect(late.bars.isEmpty)
        h.exchange.setFault(nil)
        let next = try #require(try feed.next())
        #expect(next.expectedOpenTime == X.openTime(1_101))
        for symbol in H.symbols {
            #expect(next.bars[symbol]?.openTime == X.openTime(1_101))
            let history = try #require(feed.history(of: symbol))
            #expect(try Columns(history) == Columns(#require(H.recorded(symbol, 900..<1_102))))
        }
    }

    @Test func aSymbolThatDisappearsIsNotRetriedAndTheOtherKeepsGoing() throws {
        let h = try H()
        let feed = try h.feed()
        h.exchange.setFault { request, _ in
            request.query["symbol"] == "ETHEUR" ? X.error(400, -1121, "Invalid symbol.") : nil
        }
        let before = h.served("ETHEUR").count
        for _ in 0..<3 {
            let snapshot = try #require(try feed.next())
            #expect(snapshot.bars["BTCEUR"] != nil)
            #expect(snapshot.bars["ETHEUR"] == nil)
        }
        #expect(h.served("ETHEUR").count == before + 3)
        #expect(
            feed.problems["ETHEUR"]?.description
                == "symbol 'ETHEUR': http 400 from '\(h.exchange.baseURL)/api/v3/klines?symbol=ETHEUR&interval=30m&limit=3&startTime=\(X.openTime(1_100))' after 1 attempt: Invalid symbol. (code -1121)"
        )
    }

    @Test func malformedResponsesAreRejectedWithAReason() throws {
        let h = try H()
        let feed = try h.feed()
        h.exchange.setFault { request, _ in
            guard request.query["symbol"] == "ETHEUR" else { return nil }
            return .respond(status: 200, headers: [:], body: Data(#"[[1,"2","#.utf8))
        }
        let snapshot = try #require(try feed.next())
        #expect(snapshot.bars["ETHEUR"] == nil && snapshot.bars["BTCEUR"] != nil)
        guard case .rejected(_, _, let reason)? = feed.problems["ETHEUR"] else {
            Issue.record("expected a rejection, got \(String(describing: feed.problems))")
            return
        }
        #expect(reason.hasPrefix("malformed json"))
    }

    @Test func timeoutsAreRetried() throws {
        let h = try H()
        // A 2 s timeout (1 s timed the retries out too on a loaded 2-core machine) against a reply
        // held for 10 s: finishing well before 10 s proves the retry, not the slow reply, answered.
        let feed = try h.feed(config: H.config { $0.timeoutSeconds = 2 })
        let delayed = Mutex(false)
        h.exchange.setFault { request, now in
            guard request.query["symbol"] == "ETHEUR", !delayed.withLock({ $0 }) else { return nil }
            delayed.withLock { $0 = true }
            return .delayed(seconds: 10, FakeExchange.klines(request, asOf: now))
        }
        let started = Date()
        let snapshot = try #require(try feed.next())
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(snapshot.bars["ETHEUR"]?.openTime == X.openTime(1_100))
        #expect(h.served("ETHEUR").suffix(2).map(\.startTime) == [X.openTime(1_100), X.openTime(1_100)])
        #expect(feed.problems.isEmpty)
    }

    @Test func retryAfterIsHonoured() throws {
        let h = try H()
        let feed = try h.feed()
        let limited = Mutex(false)
        h.exchange.setFault { request, _ in
            guard request.query["symbol"] == "ETHEUR", !limited.withLock({ $0 }) else { return nil }
            limited.withLock { $0 = true }
            return .respond(status: 429, headers: ["Retry-After": "7"], body: Data())
        }
        let snapshot = try #require(try feed.next())
        #expect(snapshot.bars["ETHEUR"] != nil)
        let times = h.served("ETHEUR").suffix(2).compactMap(\.now)
        #expect(times.count == 2 && times[1] - times[0] == 7_000)
        #expect(snapshot.clock == X.openTime(1_101) + H.grace + 7_000)
    }

    @Test func aLongRetryAfterSkipsStepsWithoutAskingAgain() throws {
        let h = try H()
        let feed = try h.feed()
        let limited = Mutex(false)
        h.exchange.setFault { request, _ in
            guard !limited.withLock({ $0 }) else { return nil }
            limited.withLock { $0 = true }
            return .respond(status: 429, headers: ["Retry-After": "3000"], body: Data())
        }
        let before = h.exchange.served.count
        let first = try #require(try feed.next())
        // The first symbol was refused for 50 minutes; the client asks nothing until then.
        #expect(first.bars.isEmpty)
        #expect(h.exchange.served.count == before + 1)
        guard case .rateLimited(_, _, let until)? = feed.problems["ETHEUR"] else {
            Issue.record("expected a rate limit, got \(String(describing: feed.problems))")
            return
        }
        #expect(until == X.openTime(1_101) + H.grace + 3_000_000)
        let second = try #require(try feed.next())
        #expect(second.bars.isEmpty)
        #expect(h.exchange.served.count == before + 1)
        let third = try #require(try feed.next())
        #expect(third.bars.count == 2)
        #expect(h.served("ETHEUR").last?.limit == 3)
    }

    @Test func seekReplaysClosedBarsWithoutWaitingAndNeverTwice() throws {
        let h = try H()
        let first = try h.feed()
        for _ in 0..<3 { _ = try first.next() }
        let resumeAt = first.cursor
        #expect(resumeAt == X.openTime(1_103))
        // Down for five bars; a fresh feed on the same store back-fills them and replays them.
        h.clock.advance(by: 5 * step)
        let requestsBefore = h.exchange.served.count
        let second = try h.feed()
        #expect(h.exchange.served.count == requestsBefore + 2)
        #expect(second.cursor == X.openTime(1_108))
        try second.seek(to: resumeAt)
        let slept = h.clock.totalSlept
        var revealed: [Int64] = []
        for _ in 0..<5 {
            let snapshot = try #require(try second.next())
            #expect(snapshot.clock == h.clock.now())
            #expect(snapshot.bars.count == 2)
            revealed.append(snapshot.expectedOpenTime)
        }
        #expect(h.clock.totalSlept == slept)
        #expect(revealed == (1_103..<1_108).map(X.openTime))
        #expect(h.exchange.served.count == requestsBefore + 2)
        for symbol in H.symbols {
            let history = try #require(second.history(of: symbol))
            #expect(try Columns(history) == Columns(#require(H.recorded(symbol, 900..<1_108))))
        }
        // Bar 1108 was forming at the restart: it needs a wait.
        let waited = try #require(try second.next())
        #expect(waited.expectedOpenTime == X.openTime(1_108))
        #expect(waited.clock == X.openTime(1_109) + H.grace)
        #expect(h.clock.totalSlept > slept)
        #expect(throws: TradingError.self) { try second.seek(to: resumeAt + 1) }
    }

    @Test func cancellationEndsTheWaitAndKeepsTheCursor() throws {
        let h = try H()
        let token = CancellationToken()
        let feed = try h.feed(cancellation: token)
        token.cancel()
        #expect(try feed.next() == nil)
        #expect(feed.isExhausted)
        #expect(feed.cursor == X.openTime(1_100))
    }

    @Test func invalidFeedsAreRefused() throws {
        let h = try H()
        #expect(throws: TradingError.invalidFeed(reason: "no symbols")) { try h.feed([]) }
        #expect(throws: TradingError.invalidFeed(reason: "a symbol appears twice")) {
            try h.feed(["BTCEUR", "btceur"])
        }
        #expect(throws: TradingError.self) { try h.feed(config: H.config { $0.graceSeconds = 1_800 }) }
    }
}

@Suite struct FakeExchangeTests {
    typealias X = FakeExchange

    @Test func theFormingCandleFaultReallyServesIt() throws {
        let clock = ManualClock(now: X.openTime(1_100) + 60_000)
        let exchange = try FakeExchange(clock: clock)
        defer { exchange.server.stop() }
        exchange.setFault { request, now in FakeExchange.klinesWithFormingCandle(request, asOf: now) }
        let url = try #require(
            URL(string: exchange.baseURL + "/api/v3/klines?symbol=BTCEUR&interval=30m&limit=2&startTime=\(X.openTime(1_090))"))
        let response = try URLSessionTransport().send(HTTPRequest(url: url))
        let all = try KlineParser.closedKlines(in: response.body, interval: X.interval, now: .max)
        #expect(all.map(\.openTime) == [X.openTime(1_090), X.openTime(1_091), X.openTime(1_100)])
        #expect(all.last?.close != X.recorded["BTCEUR"]?.close[1_100])
        let closed = try KlineParser.closedKlines(in: response.body, interval: X.interval, now: clock.now())
        #expect(closed.count == 2)
    }
}
