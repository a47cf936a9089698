import KiloCore

/// UTC text of epoch milliseconds for the shell (over the data layer's `BarTime`).
public enum UTCTime {
    /// `2024-08-23 11:00` (seconds shown only when not zero).
    /// - Complexity: O(1).
    public static func format(_ milliseconds: Int64) -> String { BarTime.string(fromMilliseconds: milliseconds) }

    /// ISO-8601 with seconds and `Z`: `2024-08-23T11:00:00Z`.
    public static func iso(_ milliseconds: Int64) -> String {
        let day = BarTime.millisecondsPerDay
        let days = milliseconds >= 0 ? milliseconds / day : (milliseconds - day + 1) / day
        let seconds = (milliseconds - days * day) / 1000
        let (year, month, date) = BarTime.civil(fromDays: days)
        func two(_ value: some BinaryInteger) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(date))T\(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))Z"
    }

    /// Parses a UTC time such as `2024-08-23`, `2024-08-23 11:00` or `2024-08-23T11:00:00Z` (and
    /// epoch seconds or milliseconds) to epoch milliseconds, or `nil`.
    public static func parse(_ text: String) -> Int64? { BarTime.parse(text) }
}
