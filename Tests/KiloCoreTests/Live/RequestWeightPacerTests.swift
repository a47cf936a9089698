import Testing

@testable import KiloCore

@Suite struct RequestWeightPacerTests {
    @Test func pausesToTheNextMinuteOnceTheThresholdIsReported() {
        let pacer = RequestWeightPacer(limit: 100)
        #expect(pacer.resumeAt == Int64.min)
        #expect(!pacer.record(usedWeight: nil, now: 61_000))
        #expect(!pacer.record(usedWeight: 79, now: 61_000))
        #expect(pacer.resumeAt < 61_000)
        #expect(pacer.record(usedWeight: 80, now: 61_000))
        #expect(pacer.resumeAt == 120_000)
        // A second report in the same minute does not start another pause.
        #expect(!pacer.record(usedWeight: 95, now: 62_000))
        #expect(pacer.record(usedWeight: 90, now: 120_500))
        #expect(pacer.resumeAt == 180_000)
    }
}
