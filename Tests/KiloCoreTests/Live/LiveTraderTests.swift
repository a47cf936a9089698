import Foundation
import KiloTestSupport
import Synchronization
import Testing

@testable import KiloCore

/// The paper trader over the live feed and the fake exchange: it trades exactly what a replay of
/// the recorded bars trades, keeps trading healthy symbols, never trades a forming or stale bar,
/// never counts a bar twice, and resumes from its journal as if never stopped.
@Suite struct LiveTraderTests {
    typealias H = LiveHarness
    typealias X = FakeExchange
    typealias F = TradingFixtures

    /// No costs, so the momentum sources trade often.
    static let config = F.config {
        $0.fee = 0
        $0.slippage = 0
    }

    static func trader(_ feed: any MarketFeed, journal: JournalLocation = .memory) throws -> PaperTrader {
        try PaperTrader(
            config: config, feed: feed,
            symbols: feed.symbols.map {
                TradedSymbol(symbol: $0, sources: F.momentumSources($0), referenceVolatility: 0)
            }, journal: journal)
    }

    /// A replay of recorded bars 900 ..< 900 + count from bar 1100.
    static func replayTrader(count: Int) throws -> PaperTrader {
        let series = H.symbols.compactMap { H.recorded($0, 900..<(900 + count)) }
        return try trader(ReplayFeed(series: series, startIndex: 200))
    }

    /// What a report says per symbol, without the clock.
    static func lines(_ reports: [IterationReport]) -> [[String]] {
        reports.map { report in
            report.symbols.map { "\($0.symbol) \($0.barTime.map(String.init) ?? "-") \($0.action) \($0.reason)" }
        }
    }

    @Test func tradesExactlyWhatAReplayOfTheRecordedBarsTrades() throws {
        let h = try H()
        // Every answer also carries the candle still forming, with made-up partial prices.
        h.exchange.setFault { request, now in FakeExchange.klinesWithFormingCandle(request, asOf: now) }
        let live = try Self.trader(h.feed())
        let reports = try live.step(40)
        let replay = try Self.replayTrader(count: 240)
        let expected = try replay.step(40)
        #expect(reports.count == 40)
        #expect(!live.fills.isEmpty, "the momentum sources should trade")
        #expect(live.fills == replay.fills)
        #expect(live.portfolio == replay.portfolio)
        #expect(Self.lines(reports) == Self.lines(expected))
        // Every snapshot came one grace after its bar's close: every bar was fresh and valid.
        for (k, report) in reports.enumerated() {
            #expect(report.clock == X.openTime(1_101 + k) + H.grace)
            #expect(report.symbols.allSatisfy { $0.action != .skipped })
        }
    }

    @Test func healthySymbolsKeepTradingWhenOneDisappears() throws {
        let h = try H()
        let feed = try h.feed()
        let trader = try Self.trader(feed)
        var reports = try trader.step(10)
        h.exchange.setFault { request, _ in
            request.query["symbol"] == "ETHEUR" ? X.error(400, -1121, "Invalid symbol.") : nil
        }
        reports += try trader.step(30)
        #expect(reports.count == 40)
        for (k, report) in reports.enumerated() {
            let btc = try #require(report.symbols.first { $0.symbol == "BTCEUR" })
            let eth = try #require(report.symbols.first { $0.symbol == "ETHEUR" })
            #expect(btc.barTime == X.openTime(1_100 + k) && btc.action != .skipped)
            if k >= 10 {
                #expect(eth.barTime == nil && eth.action == .skipped)
                #expect(eth.reason == "missing bar at \(X.openTime(1_100 + k))")
            }
        }
        #expect(trader.fills.contains { $0.symbol == "BTCEUR" && $0.iteration > 11 })
        #expect(!trader.fills.contains { $0.symbol == "ETHEUR" && $0.iteration > 11 })
        #expect(feed.problems.keys.sorted() == ["ETHEUR"])
    }

    @Test func faultsNeverMakeABarCountTwiceOrAFormingOneTrade() throws {
        let h = try H()
        let trader = try Self.trader(h.feed())
        // A rotating mix of faults: 500s past the retries, a lagging exchange, malformed bodies.
        let count = Mutex(0)
        h.exchange.setFault { request, now in
            let n = count.withLock { c -> Int in
                c += 1
                return c
            }
            switch n % 11 {
            case 1: return FakeExchange.klinesWithFormingCandle(request, asOf: now)
            case 3, 4, 5: return X.error(503, -1001, "Internal error; unable to process your request.")
            case 7: return FakeExchange.klines(request, asOf: now - 2 * X.step, includeForming: false)
            case 9: return .respond(status: 200, headers: [:], body: Data("[[1]]".utf8))
            default: return nil
            }
        }
        let reports = try trader.step(40)
        var seen: [String: Set<Int64>] = [:]
        var missing = 0
        for (k, report) in reports.enumerated() {
            #expect(report.barTime == X.openTime(1_100 + k))
            for step in report.symbols {
                guard let t = step.barTime else {
                    missing += 1
                    continue
                }
                #expect(t == report.barTime)
                #expect(t + X.step <= report.clock, "a bar acted on before it closed")
                #expect(seen[step.symbol, default: []].insert(t).inserted, "bar \(t) revealed twice")
            }
        }
        #expect(missing > 0, "the faults should have cost some bars")
        // Whatever was traded was traded at recorded prices (never a forming candle's).
        for fill in trader.fills {
            let series = try #require(X.recorded[fill.symbol])
            let i = try #require(series.lastIndex(atOrBefore: fill.barTime))
            #expect(series.timestamps[i] == fill.barTime && fill.price == series.open[i])
        }
        // The history has no hole the endpoint could fill.
        h.exchange.setFault(nil)
        let history = try #require(try h.feed().history(of: "BTCEUR"))
        #expect(zip(history.timestamps, history.timestamps.dropFirst()).allSatisfy { $1 - $0 == X.step })
    }

    @Test func reopeningTheJournalWithAFreshFeedResumesWithTheSameState() throws {
        let uninterrupted = try H()
        let journalA = uninterrupted.directory + "/a.sqlite"
        let a = try Self.trader(uninterrupted.feed(), journal: .file(journalA))
        _ = try a.step(24)

        let restarted = try H()
        let journalB = restarted.directory + "/b.sqlite"
        let first = try Self.trader(restarted.feed(), journal: .file(journalB))
        _ = try first.step(10)
        first.close()
        let second = try Self.trader(restarted.feed(), journal: .file(journalB))
        #expect(second.status().iterations == 10)
        _ = try second.step(14)

        #expect(!a.fills.isEmpty)
        #expect(second.fills == a.fills)
        #expect(second.portfolio == a.portfolio)
        #expect(second.pendingOrders == a.pendingOrders)
        #expect(second.status() == a.status().with(statePath: journalB))
        #expect(
            try second.equityCurve().map(\.equity.bitPattern) == a.equityCurve().map(\.equity.bitPattern))
        a.close()
        second.close()
    }

    @Test func afterDowntimeTheMissedBarsAreRevealedOnceAsStaleAndNotTraded() throws {
        let h = try H()
        let journal = h.directory + "/j.sqlite"
        let first = try Self.trader(h.feed(), journal: .file(journal))
        _ = try first.step(10)
        let fillsBefore = first.fills
        first.close()
        h.clock.advance(by: 4 * X.step + 5 * 60_000)
        let second = try Self.trader(h.feed(), journal: .file(journal))
        let slept = h.clock.totalSlept
        let replayed = try second.step(3)
        #expect(h.clock.totalSlept == slept, "closed bars are revealed without waiting")
        for (k, report) in replayed.enumerated() {
            #expect(report.barTime == X.openTime(1_110 + k))
            for step in report.symbols {
                #expect(step.action == .skipped)
                #expect(step.reason.hasPrefix("stale bar at \(X.openTime(1_110 + k))"))
                #expect(step.order == nil && step.fill == nil)
            }
        }
        #expect(second.pendingOrders.isEmpty)
        #expect(second.fills == fillsBefore)
        // The newest closed bar is fresh again and traded as usual; then the feed waits.
        let fresh = try #require(try second.step())
        #expect(fresh.barTime == X.openTime(1_113))
        #expect(fresh.symbols.allSatisfy { $0.action != .skipped })
        let waited = try #require(try second.step())
        #expect(waited.barTime == X.openTime(1_114))
        #expect(h.clock.totalSlept > slept)
        let times = try second.equityCurve().map(\.barTime)
        #expect(times == (1_100..<1_115).map(X.openTime))
        second.close()
    }
}

extension TraderStatus {
    /// The same status for another journal path.
    func with(statePath: String) -> TraderStatus {
        var copy = self
        copy.statePath = statePath
        return copy
    }
}
