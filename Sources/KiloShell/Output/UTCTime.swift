/// UTC calendar formatting of epoch milliseconds, without Foundation's formatters.
public enum UTCTime {
    /// `2024-08-23 11:00` (seconds shown only when not zero).
    /// - Complexity: O(1).
    public static func format(_ milliseconds: Int64) -> String {
        let seconds = floorDivide(milliseconds, 1000)
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let hour = secondOfDay / 3600
        let minute = (secondOfDay % 3600) / 60
        let second = secondOfDay % 60
        var text = "\(year)-\(two(month))-\(two(day)) \(two(hour)):\(two(minute))"
        if second != 0 { text += ":\(two(second))" }
        return text
    }

    /// ISO-8601 with seconds and `Z`: `2024-08-23T11:00:00Z`.
    public static func iso(_ milliseconds: Int64) -> String {
        let seconds = floorDivide(milliseconds, 1000)
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two((secondOfDay % 3600) / 60)):\(two(secondOfDay % 60))Z"
    }

    /// Parses `2024-08-23`, `2024-08-23 11:00`, `2024-08-23T11:00:00Z` (UTC) to epoch
    /// milliseconds, or `nil`.
    public static func parse(_ text: String) -> Int64? {
        var body = Substring(text.trimmingCharacters(in: " "))
        if body.hasSuffix("Z") { body = body.dropLast() }
        let parts = body.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int64($0) }
        guard date.count == 3, (1...12).contains(date[1]), (1...31).contains(date[2]) else { return nil }
        var secondOfDay: Int64 = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":").compactMap { Int64($0) }
            guard (2...3).contains(time.count), (0..<24).contains(time[0]), (0..<60).contains(time[1]) else {
                return nil
            }
            secondOfDay = time[0] * 3600 + time[1] * 60 + (time.count == 3 ? time[2] : 0)
        }
        return (days(fromCivil: date[0], date[1], date[2]) * 86_400 + secondOfDay) * 1000
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    public static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var slice = Substring(self)
        while slice.first == character { slice.removeFirst() }
        while slice.last == character { slice.removeLast() }
        return String(slice)
    }
}
