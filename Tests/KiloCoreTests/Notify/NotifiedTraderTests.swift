import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// The trader loop with a Telegram notifier attached, as `kilo trade --live` wires it.
@Suite struct NotifiedTraderTests {
    typealias T = FakeTelegram
    typealias F = TradingFixtures

    struct Run {
        var fills: [Fill]
        var equity: [Double]
        var texts: [String]
        var slowestNotify: Double
    }

    /// Runs the real-data momentum trader, feeding every message to `notifier`.
    static func run(with notifier: any Notifier) throws -> Run {
        let series = try F.realSeries(["BTCEUR", "ETHEUR"], count: 240)
        let config = F.config { $0.stopLoss = 0.01; $0.takeProfit = 0.01; $0.maxDrawdown = 0.5 }
        let trader = try F.trader(series, config: config, start: 20, sources: F.momentumSources)
        var notes = TradeNotifications(settings: NotificationsConfig(), maxDrawdown: config.maxDrawdown)
        var texts: [String] = []
        var slowest = 0.0
        func send(_ batch: [String]) {
            texts += batch
            for text in batch {
                let start = DispatchTime.now().uptimeNanoseconds
                notifier.notify(text)
                slowest = max(slowest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
        }
        send([notes.started(mode: "replay", status: trader.status(), portfolio: trader.portfolioReport())])
        var equity: [Double] = []
        try trader.run { report in
            equity.append(report.equity)
            send(notes.messages(for: report))
        }
        send([notes.stopped(reason: "feed exhausted", status: trader.status(), portfolio: trader.portfolioReport())])
        return Run(fills: trader.fills, equity: equity, texts: texts, slowestNotify: slowest)
    }

    @Test func theExpectedMessagesArriveInOrder() throws {
        let server = try T.server()
        defer { server.stop() }
        let notifier = TelegramNotifier(
            settings: T.settings(server, capacity: 1_000), credentials: T.credentials, clock: ManualClock(now: 0))
        let run = try Self.run(with: notifier)
        #expect(notifier.flush(timeout: 20))
        #expect(T.texts(server) == run.texts)
        #expect(run.texts.first?.hasPrefix("Kilo trader started (replay): BTCEUR, ETHEUR") == true)
        #expect(run.texts.last?.hasPrefix("Kilo trader stopped (feed exhausted): 220 iterations") == true)
        #expect(run.texts.filter { $0.hasPrefix("BUY ") || $0.hasPrefix("SELL ") }.count == run.fills.count)
        #expect(run.fills.count > 4)
        #expect(run.texts.contains { $0.hasPrefix("Daily summary ") })
        #expect(run.texts.contains { $0.hasPrefix("Stop-loss on ") || $0.hasPrefix("Take-profit on ") })
    }

    @Test func aFailingEndpointChangesNothingInTheTradingAndNeverBlocks() throws {
        let reference = try Self.run(with: NullNotifier())
        let server = try LoopbackHTTPServer { _ in .delayed(seconds: 5, T.ok()) }
        defer { server.stop() }
        let notifier = TelegramNotifier(
            settings: T.settings(server, capacity: 5, retries: 1, timeout: 0.2), credentials: T.credentials,
            clock: ManualClock(now: 0))
        let run = try Self.run(with: notifier)
        #expect(run.fills == reference.fills && run.equity == reference.equity && run.texts == reference.texts)
        #expect(run.slowestNotify < 0.05)
        #expect(notifier.stats.sent == 0 && notifier.stats.dropped >= run.texts.count - 6)
    }
}
