/// Delivery counts of a notifier.
public struct NotifierStats: Sendable, Equatable {
    /// Messages the endpoint accepted.
    public var sent = 0
    /// Messages given up on after their last attempt (or refused outright, like HTTP 401).
    public var failed = 0
    /// Messages dropped unsent because the queue was full (the oldest go first).
    public var dropped = 0
    /// Attempts repeated after a timeout, a dropped connection, HTTP 429 or 5xx.
    public var retries = 0
    /// Messages waiting or being sent.
    public var pending = 0
}

/// Sends short texts to a person watching the trader, without ever delaying it.
///
/// `notify` returns at once and never throws: delivery happens in the background and its
/// failures are logged and counted (`stats`), never reported to the caller.
public protocol Notifier: AnyObject, Sendable {
    /// Queues `text` for delivery; returns at once.
    func notify(_ text: String)
    /// Waits until every queued message was sent or given up on, or `timeout` seconds passed.
    /// - Returns: whether the queue emptied in time.
    @discardableResult
    func flush(timeout: Double) -> Bool
    /// Delivery counts so far.
    var stats: NotifierStats { get }
}

extension Notifier {
    /// Queues each text in order (as `TradeNotifications` returns them).
    public func notify(_ texts: [String]) {
        for text in texts { notify(text) }
    }
}

/// The notifier of `notifications.telegram.enabled: false`: discards every message.
public final class NullNotifier: Notifier {
    /// A notifier that sends nothing.
    public init() {}

    /// Discards `text`.
    public func notify(_ text: String) {}

    /// Returns `true` at once: nothing is ever pending.
    @discardableResult
    public func flush(timeout: Double) -> Bool { true }

    /// Always zero.
    public var stats: NotifierStats { NotifierStats() }
}
