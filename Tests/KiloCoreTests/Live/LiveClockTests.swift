import Foundation
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
        let clock = SystemClock()
        let token = CancellationToken()
        let started = clock.now()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { token.cancel() }
        // A ten-minute wait, cancelled after 0.1 s, returns within a slice or so.
        #expect(!clock.sleep(until: started + 600_000, cancellation: token))
        let waited = clock.now() - started
        #expect(waited >= 90 && waited < 2_000)
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
