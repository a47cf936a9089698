import Testing

@testable import KiloShell

@Suite struct UTCTimeTests {
    @Test func formatsAndParses() {
        #expect(UTCTime.format(1_724_410_800_000) == "2024-08-23 11:00")
        #expect(UTCTime.iso(1_724_410_800_000) == "2024-08-23T11:00:00Z")
        #expect(UTCTime.format(0) == "1970-01-01 00:00")
        #expect(UTCTime.format(-1000) == "1969-12-31 23:59:59")
        #expect(UTCTime.parse("2024-08-23T11:00Z") == 1_724_410_800_000)
        #expect(UTCTime.parse("2024-08-23 11:00:00") == 1_724_410_800_000)
        #expect(UTCTime.parse("2024-02-29") == 1_709_164_800_000)
        #expect(UTCTime.parse("2024-13-01") == nil)
        #expect(UTCTime.parse("yesterday") == nil)
    }
}
