import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct NotificationsTests {
    typealias T = FakeTelegram

    static let environment = ["KILO_TELEGRAM_TOKEN": T.token, "KILO_TELEGRAM_CHAT_ID": T.chatID]

    static func config(_ server: LoopbackHTTPServer, enabled: Bool = true, timeout: Double = 5) -> NotificationsConfig {
        var config = NotificationsConfig()
        config.telegram = T.settings(server, timeout: timeout)
        config.telegram.enabled = enabled
        return config
    }

    @Test func theNotifierFollowsEnabledAndTheEnvironment() throws {
        let server = try T.server()
        defer { server.stop() }
        #expect(try Notifications.makeNotifier(config: Self.config(server, enabled: false), environment: Self.environment) is NullNotifier)
        #expect(throws: NotificationError.missingEnvironment(variable: "KILO_TELEGRAM_CHAT_ID")) {
            try Notifications.makeNotifier(config: Self.config(server), environment: ["KILO_TELEGRAM_TOKEN": "t"])
        }
        let notifier = try Notifications.makeNotifier(config: Self.config(server), environment: Self.environment)
        #expect(notifier is TelegramNotifier)
        notifier.notify("from config")
        #expect(notifier.flush(timeout: 10))
        #expect(T.texts(server) == ["from config"] && server.requests.first?.path == "/bot\(T.token)/sendMessage")
    }

    @Test func testMessageSucceedsOnce() throws {
        let server = try T.server()
        defer { server.stop() }
        let result = Notifications.sendTestMessage(config: Self.config(server, enabled: false), environment: Self.environment)
        #expect((try? result.get()) != nil)
        #expect(T.texts(server) == ["Kilo test message: notifications reach this chat"])
    }

    @Test func testMessageFailuresAreOneLine() throws {
        let server = try T.server([T.error(401, "Unauthorized"), .delayed(seconds: 3, T.ok())])
        defer { server.stop() }
        func failure(_ environment: [String: String], timeout: Double = 5) -> String? {
            if case .failure(let error) = Notifications.sendTestMessage(
                config: Self.config(server, timeout: timeout), environment: environment)
            {
                return error.description
            }
            return nil
        }
        #expect(failure(["KILO_TELEGRAM_CHAT_ID": "1"]) == "KILO_TELEGRAM_TOKEN is not set in the environment")
        #expect(failure(Self.environment) == "telegram answered HTTP 401: Unauthorized")
        let timedOut = failure(Self.environment, timeout: 0.3) ?? ""
        #expect(timedOut.hasPrefix("telegram request failed: ") && timedOut.contains("timed out"))
        #expect(timedOut.contains("bot<token>/sendMessage") && !timedOut.contains(T.token))
        #expect(server.requests.count == 2)
    }

    @Test func anUnreachableEndpointIsANetworkFailure() throws {
        let server = try T.server()
        var config = Self.config(server, timeout: 2)
        server.stop()
        config.telegram.baseURL = server.baseURL
        let result = Notifications.sendTestMessage(config: config, environment: Self.environment)
        guard case .failure(.network(let message)) = result else {
            Issue.record("expected a network failure, got \(result)")
            return
        }
        #expect(!message.contains(T.token))
    }

    @Test func deliveryKeysDecodeAndAreValidated() throws {
        let yaml = """
            notifications:
              error_repeat_minutes: 15
              telegram:
                min_interval_seconds: 0.5
                queue_capacity: 10
                timeout_seconds: 3
                max_retries: 1
                retry_delay_seconds: 4
            """
        let loaded = try ConfigLoader.parse(yaml, path: "t.yaml")
        let telegram = loaded.config.notifications.telegram
        #expect(loaded.warnings.isEmpty && loaded.config.notifications.errorRepeatMinutes == 15)
        #expect(telegram.minIntervalSeconds == 0.5 && telegram.queueCapacity == 10 && telegram.timeoutSeconds == 3)
        #expect(telegram.maxRetries == 1 && telegram.retryDelaySeconds == 4 && !telegram.enabled)
        #expect(throws: ConfigError.invalidValue(key: "notifications.telegram.queue_capacity", value: "0", reason: "must be at least 1")) {
            try ConfigLoader.parse("notifications:\n  telegram:\n    queue_capacity: 0\n", path: "t.yaml")
        }
        #expect(throws: ConfigError.invalidValue(key: "notifications.telegram.base_url", value: "ftp://x", reason: "must be an http or https URL")) {
            try ConfigLoader.parse("notifications:\n  telegram:\n    base_url: ftp://x\n", path: "t.yaml")
        }
        // A URL with no host is refused when the config is read, not when the notifier starts.
        for hostless in ["'http:'", "'https://'"] {
            let value = hostless.trimmingCharacters(in: ["'"])
            #expect(throws: ConfigError.invalidValue(key: "notifications.telegram.base_url", value: value, reason: "must be an http or https URL")) {
                try ConfigLoader.parse("notifications:\n  telegram:\n    base_url: \(hostless)\n", path: "t.yaml")
            }
        }
        #expect(throws: ConfigError.invalidValue(key: "notifications.error_repeat_minutes", value: "-1.0", reason: "must be at least 0")) {
            try ConfigLoader.parse("notifications:\n  error_repeat_minutes: -1\n", path: "t.yaml")
        }
    }
}
