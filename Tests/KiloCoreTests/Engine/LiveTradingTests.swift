import Foundation
import KiloTestSupport
import Synchronization
import Testing

@testable import KiloCore

/// Live trading end to end on loopback: a fake exchange, a fake Telegram, tiny real models, the
/// same trader loop, in the foreground and on a background thread.
@Suite(.serialized) struct LiveTradingTests {
    /// Records Telegram `sendMessage` texts.
    final class FakeTelegram: Sendable {
        final class Log: Sendable {
            let texts = Mutex<[String]>([])
            let paths = Mutex<[String]>([])
        }
        let log = Log()
        let server: LoopbackHTTPServer
        var texts: [String] { log.texts.withLock { $0 } }
        var paths: [String] { log.paths.withLock { $0 } }
        init() throws {
            let log = self.log
            server = try LoopbackHTTPServer { request in
                log.paths.withLock { $0.append(request.path) }
                let body = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]
                log.texts.withLock { $0.append(body?["text"] as? String ?? "") }
                return .respond(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"ok":true}"#.utf8))
            }
        }
    }

    private func engine(harness: LiveHarness, telegram: FakeTelegram) throws -> Engine {
        var loaded = try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml"))
        loaded.config.paths.models = harness.directory + "/models"
        loaded.config.data.symbols = LiveHarness.symbols
        var live = LiveHarness.config()
        live.baseURL = harness.exchange.baseURL
        live.marketStore = harness.storeDirectory
        live.statePath = harness.directory + "/state/live.sqlite"
        loaded.config.trading.live = live
        loaded.config.trading.fee = 0.0001
        loaded.config.trading.slippage = 0
        loaded.config.trading.baseThresholds = ["BTCEUR": 0.00001, "ETHEUR": 0.00001]
        loaded.config.notifications.telegram.enabled = true
        loaded.config.notifications.telegram.baseURL = telegram.server.baseURL
        loaded.config.notifications.telegram.minIntervalSeconds = 0
        let engine = Engine(config: loaded)
        for symbol in LiveHarness.symbols { try engine.load(RepoPaths.path("data/\(symbol)_30m.csv")) }
        let runs = LiveHarness.symbols.flatMap { symbol in ModelKind.allCases.map { (kind: $0, symbol: symbol) } }
        for outcome in try engine.train(runs, seed: 2) { _ = try #require(outcome).get() }
        return engine
    }

    private let environment = ["KILO_TELEGRAM_TOKEN": "123:secret", "KILO_TELEGRAM_CHAT_ID": "42"]

    @Test func liveLoopTradesWithEveryModelAndNotifies() throws {
        let harness = try LiveHarness()
        let telegram = try FakeTelegram()
        defer { telegram.server.stop() }
        let engine = try engine(harness: harness, telegram: telegram)
        let notifier = try Notifications.makeNotifier(config: engine.config.notifications, environment: environment)
        let (run, notes) = try LiveTrading.prepare(engine: engine, notifier: notifier, clock: harness.clock)
        #expect(notes.isEmpty, "\(notes)")
        var reports: [IterationReport] = []
        let reason = try run.run(maxIterations: 6) { reports.append($0) }
        #expect(reason == "ran 6 iterations")
        #expect(reports.count == 6 && run.status.iterations == 6 && !run.status.isRunning)
        // Each bar is the next one, fresh, and traded by all three models of both symbols.
        let times = reports.map(\.barTime)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == FakeExchange.step })
        for report in reports {
            for step in report.symbols {
                #expect(step.action != .skipped, "\(step.symbol) skipped: \(step.reason)")
                #expect(Set(step.predictions.keys) == Set(ModelKind.allCases))
            }
        }
        let texts = telegram.texts
        #expect(texts.count >= 3)
        #expect(texts.dropLast().last?.lowercased().contains("summary") == true, "the day so far before the stop")
        #expect(texts.first?.contains("live") == true && texts.last?.contains("ran 6 iterations") == true)
        #expect(telegram.paths.allSatisfy { $0 == "/bot123:secret/sendMessage" })
    }

    @Test func backgroundRunStopsOnRequestAndResumesItsJournal() throws {
        let harness = try LiveHarness()
        let telegram = try FakeTelegram()
        defer { telegram.server.stop() }
        let engine = try engine(harness: harness, telegram: telegram)
        let first = try LiveTrading.prepare(engine: engine, notifier: NullNotifier(), clock: harness.clock).0
        try first.run(maxIterations: 3)
        // In the background it keeps going (the manual clock never makes it wait) until stopped.
        let (second, _) = try LiveTrading.prepare(engine: engine, notifier: NullNotifier(), clock: harness.clock)
        #expect(second.start())
        #expect(!second.start(), "a second start while running")
        let deadline = Date().addingTimeInterval(60)
        while second.status.iterations < 8, Date() < deadline { usleep(5_000) }
        #expect(second.stop(timeout: 60))
        let status = second.status
        #expect(!status.isRunning && status.stopReason == "stopped on request")
        #expect(status.iterations >= 8, "it resumed the journal's 3 iterations and went on")
    }
}
