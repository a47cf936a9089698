import Testing

@testable import KiloCore

@Suite struct BarTimeTests {
    static let elevenAM = utc(2024, 8, 23, 11)

    @Test(arguments: [
        "1724410800000", "1724410800", "1724410800000000", "1724410800000000000", "1724410800.0",
        "2024-08-23 11:00:00", "2024-08-23T11:00:00Z", "2024-08-23T11:00:00z", "2024-08-23T13:00:00+02:00",
        "2024-08-23T06:30:00-04:30", "2024-08-23T13:00:00+0200", "2024-08-23T13:00+02", "2024-08-23 11:00",
        "2024-08-23T11:00:00.000Z", " \"2024-08-23 11:00:00\" ",
    ])
    func parsesEveryAcceptedForm(_ text: String) {
        #expect(BarTime.parse(text) == Self.elevenAM, "'\(text)'")
    }

    @Test func parsesDatesAndFractions() {
        #expect(BarTime.parse("2024-08-23") == utc(2024, 8, 23))
        #expect(BarTime.parse("2024-02-29") == utc(2024, 2, 29))
        #expect(BarTime.parse("2024-08-23T11:00:00.25Z") == Self.elevenAM + 250)
        #expect(BarTime.parse("1724410800.5") == Self.elevenAM + 500)
        #expect(BarTime.parse("1969-12-31T23:00:00Z") == -3_600_000)
    }

    @Test(arguments: [
        "", "abc", "2024-13-01", "2023-02-29", "2024-08-32", "2024-08-23 25:00", "2024-08-23T11:60",
        "2024-08-23T11:00:00Q", "2024-8-23", "2024-08-23T11", "-5", "12:00",
    ])
    func rejectsNonTimes(_ text: String) {
        #expect(BarTime.parse(text) == nil, "'\(text)'")
    }

    @Test func civilRoundTripsOverFourCenturies() {
        var days = BarTime.daysFromCivil(year: 1900, month: 1, day: 1)
        let stop = BarTime.daysFromCivil(year: 2300, month: 12, day: 31)
        var expected = (year: 1900, month: 1, day: 1)
        while days <= stop {
            let civil = BarTime.civil(fromDays: days)
            #expect(civil == expected)
            if civil != expected { break }
            expected.day += 1
            if expected.day > BarTime.daysInMonth(year: expected.year, month: expected.month) {
                expected.day = 1
                expected.month += 1
                if expected.month > 12 { (expected.month, expected.year) = (1, expected.year + 1) }
            }
            days += 1
        }
    }

    @Test func formatsUTC() {
        #expect(BarTime.string(fromMilliseconds: Self.elevenAM) == "2024-08-23 11:00")
        #expect(BarTime.string(fromMilliseconds: Self.elevenAM + 5_250) == "2024-08-23 11:00:05.250")
        #expect(BarTime.string(fromMilliseconds: 0) == "1970-01-01 00:00")
        #expect(BarTime.string(fromMilliseconds: -1_000) == "1969-12-31 23:59:59")
    }
}
