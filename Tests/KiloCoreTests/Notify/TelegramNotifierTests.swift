import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct TelegramNotifierTests {
    typealias T = FakeTelegram

    /// Seconds `body` took.
    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test func messagesArriveInOrderWithTheChatIDOnTheTokensPath() throws {
        let server = try T.server()
        defer { server.stop() }
        let clock = ManualClock(now: 0)
        let notifier = TelegramNotifier(settings: T.settings(server), credentials: T.credentials, clock: clock)
        for text in ["first", "second", "third"] { notifier.notify(text) }
        #expect(notifier.flush(timeout: 10))
        #expect(T.texts(server) == ["first", "second", "third"])
        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.path == "/bot\(T.token)/sendMessage")
        #expect(request.headers["content-type"] == "application/json")
        let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect((body["chat_id"] as? NSNumber)?.int64Value == -100_987)
        #expect(notifier.stats.sent == 3 && notifier.stats.failed == 0 && notifier.stats.pending == 0)
    }

    @Test func sendsAreSpacedByTheMinimumIntervalInOrder() throws {
        let server = try T.server()
        defer { server.stop() }
        let clock = ManualClock(now: 0)
        let notifier = TelegramNotifier(
            settings: T.settings(server, minInterval: 2), credentials: T.credentials, clock: clock)
        for n in 0..<4 { notifier.notify("m\(n)") }
        #expect(notifier.flush(timeout: 10))
        #expect(T.texts(server) == ["m0", "m1", "m2", "m3"])
        #expect(clock.sleeps == [2, 2, 2])
    }

    @Test func serverErrorsAreRetriedWithDoublingDelays() throws {
        let server = try T.server([T.error(500, "Internal"), T.error(502, "Bad Gateway")])
        defer { server.stop() }
        let clock = ManualClock(now: 0)
        let notifier = TelegramNotifier(
            settings: T.settings(server, retries: 3, retryDelay: 0.5), credentials: T.credentials, clock: clock)
        notifier.notify("hello")
        #expect(notifier.flush(timeout: 10))
        #expect(T.texts(server) == ["hello", "hello", "hello"])
        #expect(clock.sleeps == [0.5, 1.0])
        #expect(notifier.stats == { var s = NotifierStats(); s.sent = 1; s.retries = 2; return s }())
    }

    @Test func tooManyRequestsWaitsTelegramsRetryAfter() throws {
        let server = try T.server([T.error(429, "Too Many Requests: retry after 7", retryAfter: 7)])
        defer { server.stop() }
        let clock = ManualClock(now: 0)
        let notifier = TelegramNotifier(
            settings: T.settings(server, minInterval: 1, retryDelay: 0.5), credentials: T.credentials, clock: clock)
        notifier.notify("hello")
        #expect(notifier.flush(timeout: 10))
        #expect(clock.sleeps == [7])
        #expect(notifier.stats.sent == 1 && notifier.stats.retries == 1)
    }

    @Test func timeoutsAndHangUpsAreRetriedWithoutBlockingTheCaller() throws {
        let server = try T.server([.delayed(seconds: 4, T.ok()), .hangUp])
        defer { server.stop() }
        let (logger, logs) = CapturingLogHandler.logger()
        let notifier = TelegramNotifier(
            settings: T.settings(server, timeout: 1), credentials: T.credentials, clock: ManualClock(now: 0), logger: logger)
        let took = Self.seconds { notifier.notify("hello") }
        #expect(took < 0.05)
        #expect(notifier.flush(timeout: 10))
        // A loaded machine may time out the answering request too: one more retry, still one message.
        let attempts = server.requests.count
        #expect(attempts >= 3 && notifier.stats.retries == attempts - 1, "\(notifier.stats)")
        #expect(notifier.stats.sent == 1 && notifier.stats.failed == 0)
        let retried = logs.all.filter { $0.hasPrefix("warning telegram send failed; retrying") }
        #expect(retried.first?.contains("timed out after 1.0 s") == true, "\(retried)")
        #expect(retried.dropFirst().first?.contains("telegram request failed") == true)
        #expect(!logs.all.contains { $0.contains(T.token) })
    }

    @Test func aMessageThatKeepsFailingIsLoggedCountedAndTheNextStillGoes() throws {
        let server = try T.server([T.error(500, "a"), T.error(500, "b"), T.error(503, "down")])
        defer { server.stop() }
        let (logger, logs) = CapturingLogHandler.logger()
        let notifier = TelegramNotifier(
            settings: T.settings(server, retries: 2), credentials: T.credentials, clock: ManualClock(now: 0), logger: logger)
        notifier.notify("lost")
        notifier.notify("kept")
        #expect(notifier.flush(timeout: 10))
        #expect(T.texts(server) == ["lost", "lost", "lost", "kept"])
        #expect(notifier.stats.failed == 1 && notifier.stats.sent == 1 && notifier.stats.retries == 2)
        let lines = logs.all
        #expect(lines.filter { $0.hasPrefix("warning telegram send failed; retrying") }.count == 2)
        #expect(
            lines.contains {
                $0.hasPrefix("error telegram message not sent") && $0.contains("telegram answered HTTP 503: down")
                    && $0.contains("attempts=3")
            })
    }

    @Test func unauthorizedIsNotRetried() throws {
        let server = try T.server([T.error(401, "Unauthorized")])
        defer { server.stop() }
        let (logger, logs) = CapturingLogHandler.logger()
        let notifier = TelegramNotifier(
            settings: T.settings(server), credentials: T.credentials, clock: ManualClock(now: 0), logger: logger)
        notifier.notify("refused")
        notifier.notify("next")
        #expect(notifier.flush(timeout: 10))
        #expect(T.texts(server) == ["refused", "next"])
        #expect(notifier.stats.failed == 1 && notifier.stats.retries == 0 && notifier.stats.sent == 1)
        #expect(logs.all.contains { $0.contains("telegram answered HTTP 401: Unauthorized") })
    }

    @Test func aFullQueueDropsTheOldestAndTheNextMessageSaysHowMany() throws {
        let server = try T.server([.delayed(seconds: 0.5, T.ok())])
        defer { server.stop() }
        let (logger, logs) = CapturingLogHandler.logger()
        let notifier = TelegramNotifier(
            settings: T.settings(server, capacity: 3, timeout: 30), credentials: T.credentials, clock: ManualClock(now: 0),
            logger: logger)
        notifier.notify("m0")
        #expect(T.wait { server.requests.count == 1 })
        var slowest = 0.0
        for n in 1...6 { slowest = max(slowest, Self.seconds { notifier.notify("m\(n)") }) }
        #expect(slowest < 0.05)
        #expect(notifier.stats.dropped == 3 && notifier.stats.pending == 4)
        #expect(notifier.flush(timeout: 10))
        #expect(T.texts(server) == ["m0", "(3 earlier messages dropped: queue full)\nm4", "m5", "m6"])
        #expect(notifier.stats.sent == 4 && notifier.stats.dropped == 3 && notifier.stats.pending == 0)
        #expect(logs.all.contains("warning telegram queue full; oldest messages dropped dropped=3"))
        #expect(logs.all.filter { $0.hasPrefix("debug telegram message sent") }.count == 4)
    }

    @Test func flushGivesUpAtItsTimeoutWhileASendHangs() throws {
        let server = try T.server([.delayed(seconds: 5, T.ok())])
        defer { server.stop() }
        let notifier = TelegramNotifier(
            settings: T.settings(server, retries: 0, timeout: 4), credentials: T.credentials, clock: ManualClock(now: 0))
        notifier.notify("stuck")
        var flushed = true
        let took = Self.seconds { flushed = notifier.flush(timeout: 0.2) }
        #expect(!flushed && took < 2)
        #expect(notifier.stats.pending == 1)
    }

    @Test func aMessageInARetryWaitIsAbandonedWhenTheNotifierGoes() throws {
        let server = try T.server([T.error(500, "down")])
        defer { server.stop() }
        let (logger, logs) = CapturingLogHandler.logger()
        let clock = GatedClock()
        var notifier: TelegramNotifier? = TelegramNotifier(
            settings: T.settings(server), credentials: T.credentials, clock: clock, logger: logger)
        notifier?.notify("late")
        #expect(T.wait { clock.sleepsBegun == 1 })
        notifier = nil
        clock.release()
        #expect(T.wait { logs.all.contains { $0.contains("abandoned") } })
        #expect(server.requests.count == 1)
    }

    @Test func theNullNotifierDiscardsEverything() {
        let notifier = NullNotifier()
        notifier.notify(["a", "b"])
        #expect(notifier.flush(timeout: 0) && notifier.stats == NotifierStats())
    }
}
