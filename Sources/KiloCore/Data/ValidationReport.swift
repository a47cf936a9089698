/// The data-quality report of one symbol's bars: counts as data, findings worst first.
///
/// Times are epoch milliseconds (UTC). `findings` holds one aggregated finding per kind found;
/// `summaryLines` renders the whole report as text for the shell's table format.
public struct ValidationReport: Sendable, Equatable, Codable {
    /// A run of missing bars between two bars.
    public struct Gap: Sendable, Equatable, Codable {
        /// The index of the first bar after the gap.
        public var row: Int
        /// The open time of the last bar before the gap.
        public var lastBarBefore: Int64
        /// The open time of the first bar after the gap (the gap's end).
        public var firstBarAfter: Int64
        /// The open time of the first missing bar (the gap's start): `lastBarBefore + interval`.
        public var start: Int64
        /// The bars missing in the gap.
        public var missingBars: Int
        /// The gap's length in days: `(firstBarAfter - start) / 1 day`.
        public var days: Double
    }

    /// OHLC inconsistencies by kind; a bar can have several.
    public struct OHLCInconsistencies: Sendable, Equatable, Codable {
        /// Bars whose high is below the open or the close.
        public var highBelowOpenOrClose = 0
        /// Bars whose low is above the open or the close.
        public var lowAboveOpenOrClose = 0
        /// Bars whose low is above the high.
        public var lowAboveHigh = 0
        /// Bars with at least one of the above.
        public var bars = 0
    }

    /// The symbol.
    public var symbol: String
    /// The file the bars came from.
    public var path: String
    /// The format of that file.
    public var format: BarSource.Format
    /// The interval the series claims.
    public var interval: BarInterval
    /// The number of bars.
    public var rows: Int
    /// The first bar's open time.
    public var firstBar: Int64?
    /// The last bar's open time.
    public var lastBar: Int64?
    /// Gaps: spacings larger than the interval.
    public var gapCount: Int
    /// Bars missing over all gaps.
    public var missingBars: Int
    /// The longest gap.
    public var longestGap: Gap?
    /// Spacings smaller than the interval.
    public var irregularSpacings: Int
    /// The median spacing in milliseconds.
    public var medianSpacingMilliseconds: Int64?
    /// Rows dropped at load because a later row had the same timestamp.
    public var duplicateTimestamps: Int
    /// Rows that were out of time order at load.
    public var outOfOrderRows: Int
    /// OHLC inconsistencies.
    public var ohlc: OHLCInconsistencies
    /// Bars with an open, high, low or close at or below zero.
    public var nonPositivePriceBars: Int
    /// NaN or infinite cells over all columns.
    public var nonFiniteCells: Int
    /// Bars with a negative volume.
    public var negativeVolumeBars: Int
    /// Bars with zero volume.
    public var zeroVolumeBars: Int
    /// The clock the report was made against.
    public var now: Int64
    /// `now` minus the last bar's close time (`lastBar + interval`); negative when it is ahead.
    public var lastBarAgeMilliseconds: Int64?
    /// Whole intervals between the last bar's close and `now`.
    public var barsBehind: Int?
    /// Whether the last bar's close is more than `staleAfterBars` intervals before `now`.
    public var isStale: Bool
    /// Bars that open after `now`.
    public var futureBars: Int
    /// The findings, worst first.
    public var findings: [DataFinding]

    /// The worst severity found, or `nil` for clean data.
    public var worstSeverity: DataFinding.Severity? { findings.map(\.severity).max() }

    /// The finding of `kind`, if there is one.
    public func finding(_ kind: DataFinding.Kind) -> DataFinding? {
        findings.first { $0.kind == kind }
    }

    /// The report as lines of text: a heading line, then one line per finding (or `ok`).
    public var summaryLines: [String] {
        var heading = "\(symbol) \(interval.name): \(rows) bars"
        if let firstBar, let lastBar {
            let first = BarTime.string(fromMilliseconds: firstBar)
            heading += " from \(first) to \(BarTime.string(fromMilliseconds: lastBar)) UTC"
        }
        heading += " (\(path))"
        guard !findings.isEmpty else { return [heading, "  ok: no findings"] }
        return [heading] + findings.map { "  \($0.severity.rawValue) \($0.kind.rawValue): \($0.message)" }
    }
}
