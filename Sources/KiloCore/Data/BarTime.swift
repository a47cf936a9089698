/// Bar times: epoch milliseconds (UTC) parsed from bytes and formatted for people.
///
/// Accepted time cells: epoch seconds, milliseconds, microseconds or nanoseconds (told apart by
/// magnitude, so any date from 1973 to 5138 reads right; fractional epoch seconds are rounded to
/// the millisecond), and ISO-8601 `2024-08-23`, `2024-08-23 11:00`, `2024-08-23 11:00:00`,
/// `2024-08-23T11:00:00.250Z`, `2024-08-23T11:00:00+02:00` (no zone means UTC).
public enum BarTime {
    /// Milliseconds in one day.
    public static let millisecondsPerDay: Int64 = 86_400_000

    /// The epoch milliseconds of an integer epoch value in seconds, milliseconds, microseconds or
    /// nanoseconds, chosen by magnitude.
    @inline(__always)
    static func milliseconds(fromEpoch value: Int64) -> Int64 {
        if value < 100_000_000_000 { return value &* 1_000 }  // seconds (before year 5138)
        if value < 100_000_000_000_000 { return value }  // milliseconds
        if value < 100_000_000_000_000_000 { return value / 1_000 }  // microseconds
        return value / 1_000_000  // nanoseconds
    }

    /// Scans an all-digit epoch cell ending at a terminator (`delimiter`, `\r`, `\n` or `end`).
    /// - Returns: `nil` when the cell is anything else; the caller then uses `parse(_:)`.
    @inline(__always)
    static func scanEpoch(
        _ start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, delimiter: UInt8
    ) -> (milliseconds: Int64, next: UnsafePointer<UInt8>)? {
        var p = start
        var value: Int64 = 0
        CellScan.accumulateDigits(&p, end: end, into: &value)
        let digits = p - start
        guard digits > 0, digits <= 18, CellScan.isCellEnd(p, end: end, delimiter: delimiter) else { return nil }
        return (milliseconds(fromEpoch: value), p)
    }

    /// Parses a whole time cell (blanks and one pair of double quotes are trimmed).
    /// - Returns: epoch milliseconds, or `nil` when the cell is not a time.
    static func parse(_ cell: UnsafeBufferPointer<UInt8>) -> Int64? {
        let text = CellText.trimmed(cell)
        guard !text.isEmpty else { return nil }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Int64? in
            guard let base = buffer.baseAddress else { return nil }
            let end = base + buffer.count
            if let (ms, next) = scanEpoch(base, end: end, delimiter: 0), next == end { return ms }
            if let ms = parseISO8601(UnsafeBufferPointer(buffer)) { return ms }
            // Fractional epoch values such as 1724410800.5 (seconds).
            guard let first = buffer.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"),
                !text.contains("-"), let value = Double(text), value.isFinite, value >= 0
            else { return nil }
            let scale: Double
            if value < 1e11 {
                scale = 1_000
            } else if value < 1e14 {
                scale = 1
            } else if value < 1e17 {
                scale = 1e-3
            } else {
                scale = 1e-6
            }
            // Past the year 9999 (1e300 ms, say) is not a time: no trap, and no spacing between
            // two times can overflow.
            guard let ms = Int64(exactly: (value * scale).rounded()), ms < 253_402_300_800_000 else { return nil }
            return ms
        }
    }

    /// Parses a time as the loaders do: epoch s/ms/µs/ns by magnitude, or ISO-8601 (UTC unless
    /// the text has a zone). For example `BarTime.parse("2024-08-23 11:00")` is `1724410800000`.
    /// - Returns: epoch milliseconds, or `nil` when `text` is not a time.
    public static func parse(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }

    /// Parses ISO-8601 dates and date-times; see the type's documentation for the forms.
    static func parseISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let count = bytes.count
        func number(_ width: Int) -> Int? {
            guard index + width <= count else { return nil }
            var value = 0
            for offset in 0..<width {
                let digit = Int(bytes[index + offset]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            index += width
            return value
        }
        func take(_ ascii: Unicode.Scalar) -> Bool {
            guard index < count, bytes[index] == UInt8(ascii: ascii) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), take("-"), let month = number(2), take("-"),
            let day = number(2), (1...12).contains(month), day >= 1,
            day <= daysInMonth(year: year, month: month)
        else { return nil }
        var milliseconds = daysFromCivil(year: year, month: month, day: day) * millisecondsPerDay
        guard index < count else { return milliseconds }
        guard take("T") || take("t") || take(" "), let hour = number(2), take(":"),
            let minute = number(2), hour < 24, minute < 60
        else { return nil }
        var second = 0
        var fraction = 0
        if take(":") {
            guard let value = number(2), value < 60 else { return nil }
            second = value
            if take(".") || take(",") {
                var scale = 100
                var digits = 0
                while index < count, bytes[index] >= 48, bytes[index] <= 57 {
                    fraction += Int(bytes[index] - 48) * scale
                    scale /= 10
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
            }
        }
        milliseconds += Int64(hour * 3_600_000 + minute * 60_000 + second * 1_000 + fraction)
        guard index < count else { return milliseconds }
        if take("Z") || take("z") { return index == count ? milliseconds : nil }
        let sign: Int64
        if take("+") {
            sign = 1
        } else if take("-") {
            sign = -1
        } else {
            return nil
        }
        guard let offsetHours = number(2), offsetHours < 24 else { return nil }
        var offsetMinutes = 0
        if index < count {
            _ = take(":")
            guard let value = number(2), value < 60 else { return nil }
            offsetMinutes = value
        }
        guard index == count else { return nil }
        return milliseconds - sign * Int64(offsetHours * 3_600_000 + offsetMinutes * 60_000)
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's algorithm).
    public static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2024-08-23 11:00` (UTC), with `:SS` and `.mmm` only when they are not zero.
    public static func string(fromMilliseconds milliseconds: Int64) -> String {
        let days = floorDivide(milliseconds, millisecondsPerDay)
        let inDay = milliseconds - days * millisecondsPerDay
        let (year, month, day) = civil(fromDays: days)
        let hour = inDay / 3_600_000
        let minute = inDay / 60_000 % 60
        let second = inDay / 1_000 % 60
        let millis = inDay % 1_000
        func pad(_ value: some BinaryInteger, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2))"
        if second != 0 || millis != 0 { text += ":\(pad(second, 2))" }
        if millis != 0 { text += ".\(pad(millis, 3))" }
        return text
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
