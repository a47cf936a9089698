/// One data-quality finding of a validation: what, how bad, how often, and the first place.
public struct DataFinding: Sendable, Equatable, Codable {
    /// How bad a finding is; `error` is worst.
    public enum Severity: String, Sendable, Equatable, Codable, Comparable, CaseIterable {
        /// Worth knowing; no action needed (zero-volume bars on a quiet market).
        case info
        /// Usable, but models and back-tests should know (gaps, duplicates, stale data).
        case warning
        /// Values that cannot be right (NaN/inf cells, prices <= 0, high below low).
        case error

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// What was found. Raw values are the JSON spellings.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// The series has no bars.
        case noBars = "no-bars"
        /// NaN or infinite cells in any column.
        case nonFiniteValue = "non-finite-value"
        /// Bars with an open, high, low or close at or below zero.
        case nonPositivePrice = "non-positive-price"
        /// Bars whose high is below open/close, low above open/close, or low above high.
        case ohlcInconsistency = "ohlc-inconsistency"
        /// Bars with a negative volume.
        case negativeVolume = "negative-volume"
        /// Spacing larger than the interval: missing bars.
        case gap
        /// Spacing smaller than the interval: bars off the interval grid.
        case irregularSpacing = "irregular-spacing"
        /// The median spacing differs from the interval the series claims.
        case intervalMismatch = "interval-mismatch"
        /// Rows with a repeated timestamp, dropped at load (the last row was kept).
        case duplicateTimestamps = "duplicate-timestamps"
        /// Rows earlier than the row before them, sorted at load.
        case outOfOrderRows = "out-of-order-rows"
        /// The last bar is older than the clock allows.
        case stale
        /// Bars that open after the clock.
        case futureBars = "future-bars"
        /// Bars with zero volume.
        case zeroVolume = "zero-volume"
    }

    /// How bad it is.
    public var severity: Severity
    /// What it is.
    public var kind: Kind
    /// One lowercase line for people, with times in UTC.
    public var message: String
    /// The index in the series of the first (or, for gaps, the longest) occurrence.
    public var row: Int?
    /// The file line (SQLite: row id) of that bar, with the loader's rule (`BarLines`), when known.
    public var line: Int?
    /// The bar time of that occurrence, epoch milliseconds.
    public var timestamp: Int64?
    /// How many bars, cells, rows or gaps.
    public var count: Int
}
