import KiloCore
import Synchronization

/// A `LiveClock` for tests: time stands still until someone sleeps or advances it, and sleeping
/// returns at once after moving time on, so tests never wait for real bar boundaries.
public final class ManualClock: LiveClock, Sendable {
    private let time: Mutex<(now: Int64, slept: Int64, sleeps: [Int64])>

    /// A clock reading `now` (epoch milliseconds).
    public init(now: Int64) { time = Mutex((now, 0, [])) }

    public func now() -> Int64 { time.withLock { $0.now } }

    /// Moves time on by `milliseconds` (negative values are ignored) and returns at once.
    public func sleep(milliseconds: Int64) {
        time.withLock {
            $0.now += max(0, milliseconds)
            $0.slept += max(0, milliseconds)
            if milliseconds > 0 { $0.sleeps.append(milliseconds) }
        }
    }

    /// Moves time on without counting it as sleep (time passing while the program is down).
    public func advance(by milliseconds: Int64) { time.withLock { $0.now += milliseconds } }

    /// All the milliseconds slept so far.
    public var totalSlept: Int64 { time.withLock { $0.slept } }

    /// Every positive sleep so far, in order, in seconds.
    public var sleeps: [Double] { time.withLock { $0.sleeps.map { Double($0) / 1_000 } } }
}
