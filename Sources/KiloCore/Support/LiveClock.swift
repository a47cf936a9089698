import Foundation

/// Kilo's one clock: wall-clock time and sleeping for everything that runs live — the exchange
/// feed, the live trader and the notifier's delivery thread — injectable so tests never wait for
/// real bar boundaries, rate limits or retry delays.
public protocol LiveClock: Sendable {
    /// The current time, epoch milliseconds (UTC).
    func now() -> Int64
    /// Blocks for `milliseconds` (a fake clock may just advance its time).
    func sleep(milliseconds: Int64)
}

extension LiveClock {
    /// Sleeps until `deadline` (epoch milliseconds) in slices of at most `slice` ms, checking
    /// `cancellation` before each, so Ctrl-C or SIGTERM stops the wait promptly.
    /// - Returns: `false` when cancelled before the deadline was reached.
    public func sleep(
        until deadline: Int64, cancellation: CancellationToken, slice: Int64 = 200
    ) -> Bool {
        precondition(slice > 0, "LiveClock.sleep(until:cancellation:slice:): slice \(slice) ≤ 0")
        while true {
            if cancellation.isCancelled { return false }
            let remaining = deadline - now()
            if remaining <= 0 { return true }
            sleep(milliseconds: min(remaining, slice))
        }
    }

    /// Sleeps `milliseconds` as `sleep(until:cancellation:slice:)` does.
    /// - Returns: `false` when cancelled first.
    public func sleep(milliseconds: Int64, cancellation: CancellationToken) -> Bool {
        sleep(until: now() + milliseconds, cancellation: cancellation)
    }
}

/// The system clock: `Date()` and `Thread.sleep`.
public struct SystemClock: LiveClock {
    /// The system clock.
    public init() {}

    public func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }

    public func sleep(milliseconds: Int64) {
        guard milliseconds > 0 else { return }
        Thread.sleep(forTimeInterval: Double(milliseconds) / 1_000)
    }
}
