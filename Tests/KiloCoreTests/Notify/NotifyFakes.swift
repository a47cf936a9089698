import Foundation
import KiloTestSupport
import Logging
import Synchronization

@testable import KiloCore

/// A clock whose `sleep` blocks until `release()` (time stands still).
final class GatedClock: LiveClock {
    private let gate = DispatchSemaphore(value: 0)
    private let sleeping = Atomic<Int>(0)

    func now() -> Int64 { 0 }

    func sleep(milliseconds: Int64) {
        guard milliseconds > 0 else { return }
        sleeping.add(1, ordering: .relaxed)
        gate.wait()
    }

    /// Sleeps begun so far.
    var sleepsBegun: Int { sleeping.load(ordering: .relaxed) }

    /// Ends one sleep.
    func release() { gate.signal() }
}

/// A log handler keeping every line in memory.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    let store: Store
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    func log(event: LogEvent) {
        let rendered = (event.metadata ?? [:]).keys.sorted().map { "\($0)=\(event.metadata?[$0] ?? "")" }
        store.lines.withLock { $0.append(([event.level.rawValue, event.message.description] + rendered).joined(separator: " ")) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// A logger writing into a fresh store.
    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "kilo.notify.test") { _ in CapturingLogHandler(store: store) }, store)
    }
}

/// A fake Bot API on the loopback server.
enum FakeTelegram {
    static let token = "123456:TEST-token"
    static let chatID = "-100987"
    static let credentials = TelegramCredentials(token: token, chatID: chatID)

    static func ok() -> LoopbackHTTPServer.Reply {
        .respond(
            status: 200, headers: ["Content-Type": "application/json"],
            body: Data(#"{"ok":true,"result":{"message_id":1}}"#.utf8))
    }

    static func error(_ status: Int, _ description: String, retryAfter: Int? = nil) -> LoopbackHTTPServer.Reply {
        let parameters = retryAfter.map { #","parameters":{"retry_after":\#($0)}"# } ?? ""
        let body = #"{"ok":false,"error_code":\#(status),"description":"\#(description)"\#(parameters)}"#
        return .respond(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }

    /// A server answering request `n` (0-based) with `replies[n]`, and `ok()` after them.
    static func server(_ replies: [LoopbackHTTPServer.Reply] = []) throws -> LoopbackHTTPServer {
        let counter = Atomic<Int>(0)
        return try LoopbackHTTPServer { _ in
            let n = counter.add(1, ordering: .relaxed).oldValue
            return n < replies.count ? replies[n] : ok()
        }
    }

    /// Settings pointing at `server`, with quick timeouts and no waits unless asked.
    static func settings(
        _ server: LoopbackHTTPServer, capacity: Int = 100, minInterval: Double = 0, retries: Int = 3,
        retryDelay: Double = 0.5, timeout: Double = 5
    ) -> NotificationsConfig.Telegram {
        var settings = NotificationsConfig.Telegram()
        settings.enabled = true
        settings.baseURL = server.baseURL
        settings.queueCapacity = capacity
        settings.minIntervalSeconds = minInterval
        settings.maxRetries = retries
        settings.retryDelaySeconds = retryDelay
        settings.timeoutSeconds = timeout
        return settings
    }

    /// The `text` of each request's JSON body, in arrival order.
    static func texts(_ server: LoopbackHTTPServer) -> [String] {
        server.requests.compactMap { request in
            ((try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any])?["text"] as? String
        }
    }

    /// Waits (polling) until `condition` holds or `seconds` pass.
    static func wait(seconds: Double = 5, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            usleep(2_000)
        }
        return true
    }
}
