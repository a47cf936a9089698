import Foundation

/// The time source and sleeper of a notifier's delivery thread, injectable so tests need not
/// wait out real rate limits and retry delays.
public protocol NotifierClock: Sendable {
    /// Seconds on a monotonic scale (only differences matter).
    func now() -> Double
    /// Blocks the calling thread for `seconds` (a test clock may just advance its time).
    func sleep(seconds: Double)
}

/// The real clock: monotonic uptime and `Thread.sleep`.
public struct SystemNotifierClock: NotifierClock {
    /// The system clock.
    public init() {}

    public func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    public func sleep(seconds: Double) {
        if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
    }
}
