import Foundation
import Logging

/// Sends messages to a Telegram chat from one background thread, never delaying the caller.
///
/// `notify` appends to a bounded queue (`notifications.telegram.queue_capacity`; when full the
/// oldest message is dropped and the next one sent starts with how many were dropped) and
/// returns. The delivery thread sends one message at a time, at least `min_interval_seconds`
/// apart; a timeout, a dropped connection, HTTP 429 or 5xx is retried up to `max_retries` times
/// after `retry_delay_seconds`, doubled per retry (a 429's `retry_after` replaces it, capped at
/// `maxRetryAfter`); other failures (HTTP 400, 401, …) are not retried. Every failure is logged
/// through `logger` (the token redacted) and counted in `stats`; none reaches the caller.
public final class TelegramNotifier: Notifier {
    /// The longest wait a 429's `retry_after` may impose, in seconds.
    public static let maxRetryAfter: Double = 300

    private let delivery: Delivery

    /// Starts the delivery thread.
    /// - Parameters:
    ///   - settings: `notifications.telegram` (validated).
    ///   - credentials: token and chat id (from `TelegramCredentials.from(environment:)`).
    ///   - transport: the HTTP client (`URLSessionTransport()` in production).
    ///   - clock: time and sleeping of the delivery thread.
    ///   - logger: where failures and retries are logged.
    public init(
        settings: NotificationsConfig.Telegram, credentials: TelegramCredentials,
        transport: any HTTPTransport = URLSessionTransport(), clock: any LiveClock = SystemClock(),
        logger: Logger = Logger(label: "kilo.notify")
    ) {
        delivery = Delivery(
            settings: settings, credentials: credentials, transport: transport, clock: clock, logger: logger)
        let delivery = delivery
        let thread = Thread { delivery.run() }
        thread.name = "kilo.notify"
        thread.start()
    }

    /// Stops the delivery thread after the attempt in progress (a message in a retry wait is
    /// abandoned when the wait ends); queued messages are discarded.
    deinit { delivery.stop() }

    /// Queues `text`; returns at once.
    /// - Complexity: amortised O(1), one short lock.
    public func notify(_ text: String) { delivery.enqueue(text) }

    /// Waits until the queue is empty and no message is in flight, or `timeout` seconds passed.
    @discardableResult
    public func flush(timeout: Double) -> Bool { delivery.waitUntilIdle(timeout: timeout) }

    /// Delivery counts so far.
    public var stats: NotifierStats { delivery.snapshot() }
}

/// The queue, counts and delivery loop behind `TelegramNotifier`.
///
/// All mutable state is guarded by `condition`; the loop never holds it while sending or sleeping.
private final class Delivery: @unchecked Sendable {
    let settings: NotificationsConfig.Telegram
    let credentials: TelegramCredentials
    let transport: any HTTPTransport
    let clock: any LiveClock
    let logger: Logger

    private let condition = NSCondition()
    private var queue: MessageQueue
    private var stats = NotifierStats()
    private var inFlight = false
    private var stopped = false
    /// Clock time of the last attempt (delivery thread only).
    private var lastAttempt: Int64?

    init(
        settings: NotificationsConfig.Telegram, credentials: TelegramCredentials, transport: any HTTPTransport,
        clock: any LiveClock, logger: Logger
    ) {
        self.settings = settings
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.logger = logger
        queue = MessageQueue(capacity: settings.queueCapacity)
    }

    func enqueue(_ text: String) {
        condition.lock()
        queue.push(text)
        stats.dropped = queue.droppedTotal
        condition.signal()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    func snapshot() -> NotifierStats {
        condition.lock()
        defer { condition.unlock() }
        var copy = stats
        copy.pending = queue.count + (inFlight ? 1 : 0)
        return copy
    }

    func waitUntilIdle(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(max(0, timeout))
        condition.lock()
        defer { condition.unlock() }
        while !queue.isEmpty || inFlight {
            if stopped || !condition.wait(until: deadline) { return queue.isEmpty && !inFlight }
        }
        return true
    }

    /// The delivery loop: takes the oldest message, sends it (with its retries), repeats.
    func run() {
        while let (text, dropped) = next() {
            if dropped > 0 {
                logger.warning("telegram queue full; oldest messages dropped", metadata: ["dropped": "\(dropped)"])
            }
            deliver(text)
            condition.lock()
            inFlight = false
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits for a message; `nil` once stopped. The text carries the notice of the messages
    /// dropped since the last one, also returned as a count.
    private func next() -> (text: String, dropped: Int)? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !stopped { condition.wait() }
        guard !stopped, let text = queue.pop() else { return nil }
        inFlight = true
        let dropped = queue.takeDroppedCount()
        guard dropped > 0 else { return (text, 0) }
        return ("(\(dropped) earlier message\(dropped == 1 ? "" : "s") dropped: queue full)\n" + text, dropped)
    }

    private var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    private func count(_ update: (inout NotifierStats) -> Void) {
        condition.lock()
        update(&stats)
        condition.unlock()
    }

    /// Sends one message, retrying what is worth retrying.
    private func deliver(_ text: String) {
        let request: HTTPRequest
        do {
            request = try TelegramBotAPI.request(
                text: text, credentials: credentials, baseURL: settings.baseURL, timeout: settings.timeoutSeconds)
        } catch {
            count { $0.failed += 1 }
            logger.error("telegram message not sent", metadata: ["error": "\(error)"])
            return
        }
        var attempt = 0
        while true {
            if let last = lastAttempt {
                clock.sleep(milliseconds: wholeMilliseconds(settings.minIntervalSeconds) - (clock.now() - last))
            }
            lastAttempt = clock.now()
            switch TelegramBotAPI.send(request, through: transport, token: credentials.token) {
            case .sent:
                count { $0.sent += 1 }
                logger.debug("telegram message sent", metadata: ["attempts": "\(attempt + 1)"])
                return
            case .refused(let error):
                count { $0.failed += 1 }
                logger.error("telegram message not sent", metadata: ["error": "\(error)"])
                return
            case .retry(let after, let error):
                if attempt >= settings.maxRetries || isStopped {
                    count { $0.failed += 1 }
                    logger.error(
                        "telegram message not sent", metadata: ["error": "\(error)", "attempts": "\(attempt + 1)"])
                    return
                }
                let wait = after.map { min($0, TelegramNotifier.maxRetryAfter) }
                    ?? settings.retryDelaySeconds * Double(1 << min(attempt, 20))
                count { $0.retries += 1 }
                logger.warning(
                    "telegram send failed; retrying",
                    metadata: ["error": "\(error)", "attempt": "\(attempt + 1)", "wait_seconds": "\(wait)"])
                clock.sleep(milliseconds: wholeMilliseconds(wait))
                if isStopped {
                    count { $0.failed += 1 }
                    logger.warning("telegram message abandoned: notifier stopped during a retry wait")
                    return
                }
                attempt += 1
            }
        }
    }
}

/// `seconds` as whole milliseconds for `LiveClock.sleep`, rounded up so a wait is never short
/// (0 for a non-finite or negative value).
private func wholeMilliseconds(_ seconds: Double) -> Int64 {
    let ms = (seconds * 1_000).rounded(.up)
    return ms.isFinite && ms > 0 ? Int64(min(ms, 1e15)) : 0
}
