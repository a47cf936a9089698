import Foundation
import Synchronization
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct LiveClockTests {
    @Test func sleepUntilReachesTheDeadlineExactly() {
        let clock = ManualClock(now: 1_000)
        #expect(clock.sleep(until: 2_450, cancellation: .never))
        #expect(clock.now() == 2_450)
        #expect(clock.totalSlept == 1_450)
        // A deadline in the past returns at once.
        #expect(clock.sleep(until: 5, cancellation: .never))
        #expect(clock.now() == 2_450)
        #expect(clock.sleep(milliseconds: 50, cancellation: .never))
        #expect(clock.now() == 2_500)
    }

    @Test func cancellationStopsTheWait() {
        let clock = ManualClock(now: 0)
        let token = CancellationToken()
        token.cancel()
        #expect(!clock.sleep(until: 10_000, cancellation: token))
        #expect(clock.now() == 0)
    }

    @Test func theSystemClockWakesPromptlyOnCancellation() {
        let clock = SlicedSystemClock()
        let token = CancellationToken()
        let started = clock.now()
        // A thread of its own: the global queues may be busy with other tests. What is checked is
        // counted, not timed: once the token is cancelled, the wait starts no new slice.
        Thread {
            usleep(100_000)
            token.cancel()
            clock.markCancel()
        }.start()
        #expect(!clock.sleep(until: started + 600_000, cancellation: token))
        #expect(clock.now() - started >= 90, "not before the cancel")
        while clock.slicesAtCancel.load(ordering: .sequentiallyConsistent) < 0 { usleep(1_000) }
        let after = clock.slices.load(ordering: .sequentiallyConsistent)
            - clock.slicesAtCancel.load(ordering: .sequentiallyConsistent)
        // At most the slice already begun when the flag was set.
        #expect(after <= 1, "\(after) slices were started after the cancel")
        #expect(clock.longestSlice.load(ordering: .sequentiallyConsistent) <= 200)
    }

    @Test func theSystemClockReadsEpochMilliseconds() {
        let now = SystemClock().now()
        let reference = Int64(Date().timeIntervalSince1970 * 1_000)
        #expect(abs(now - reference) < 1_000)
        let before = SystemClock().now()
        SystemClock().sleep(milliseconds: 20)
        #expect(SystemClock().now() - before >= 19)
    }

    @Test func latestClosedOpenTime() {
        let i = BarInterval(seconds: 1_800)
        let step = i.milliseconds
        #expect(LiveFeed.latestClosedOpenTime(10 * step, i) == 9 * step)
        #expect(LiveFeed.latestClosedOpenTime(10 * step - 1, i) == 8 * step)
        #expect(LiveFeed.latestClosedOpenTime(10 * step + 7, i) == 9 * step)
        #expect(LiveFeed.latestClosedOpenTime(0, i) == -step)
    }
}

/// The system clock, counting the slices `sleep(until:cancellation:)` asks for.
private final class SlicedSystemClock: LiveClock, Sendable {
    let slices = Atomic<Int>(0)
    let longestSlice = Atomic<Int64>(0)
    /// `slices` read just after the token was cancelled; -1 before.
    let slicesAtCancel = Atomic<Int>(-1)
    private let system = SystemClock()

    func now() -> Int64 { system.now() }

    func markCancel() {
        slicesAtCancel.store(slices.load(ordering: .sequentiallyConsistent), ordering: .sequentiallyConsistent)
    }

    func sleep(milliseconds: Int64) {
        slices.add(1, ordering: .sequentiallyConsistent)
        longestSlice.max(milliseconds, ordering: .sequentiallyConsistent)
        system.sleep(milliseconds: milliseconds)
    }
}
