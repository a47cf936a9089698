/// A loaded series together with what loading saw.
public struct LoadedBars: Sendable, Equatable {
    /// The bars, time-sorted, one per timestamp.
    public var series: BarSeries
    /// What the loader read, dropped and reordered.
    public var report: LoadReport
    /// The file line (SQLite: row id) of each bar, for messages.
    public var lines: BarLines = .unknown
}

/// Where each bar of a loaded series came from: the one line rule that load errors, the load
/// report and `validate` share — 1-based file lines counting the header and blank lines for CSV
/// files, row ids for SQLite files.
public struct BarLines: Sendable, Equatable {
    /// File-order rows to lines.
    let map: LineMap?
    /// The file-order row of each bar (`nil`: bar `i` is row `i`).
    let sourceRows: [Int]?

    /// No line information (a series not read from a file).
    public static let unknown = BarLines(map: nil, sourceRows: nil)

    /// The line (or row id) of bar `index` of the series, or `nil` when unknown.
    /// - Complexity: O(log blank lines).
    public func line(ofBar index: Int) -> Int? {
        guard let map else { return nil }
        return map.line(ofRow: sourceRows.map { $0[index] } ?? index)
    }
}

/// What loading one file saw: its shape, and every change made to reach a time-sorted series.
///
/// Line numbers are 1-based file lines for CSV files and row ids for SQLite files.
public struct LoadReport: Sendable, Equatable, Codable {
    /// Where a name (symbol or interval) came from.
    public enum Origin: String, Sendable, Equatable, Codable {
        /// Given by the caller (`load PATH as SYMBOL`).
        case given
        /// Read from the file name (`BTCEUR_30m.csv`).
        case fileName = "file-name"
        /// The median spacing of the bars (interval only).
        case medianSpacing = "median-spacing"
    }

    /// A timestamp that appeared more than once; the last row was kept.
    public struct DuplicateTimestamp: Sendable, Equatable, Codable {
        /// The repeated bar time, epoch milliseconds.
        public var timestamp: Int64
        /// The line of the dropped row.
        public var droppedLine: Int
        /// The line of the kept (last) row.
        public var keptLine: Int
        /// Whether the dropped row had exactly the same values as the kept one.
        public var identical: Bool
    }

    /// A row whose time is earlier than the row before it in the file.
    public struct OutOfOrderRow: Sendable, Equatable, Codable {
        /// The row's line.
        public var line: Int
        /// The row's bar time, epoch milliseconds.
        public var timestamp: Int64
        /// The bar time of the row before it.
        public var previousTimestamp: Int64
    }

    /// How many examples of each kind the report keeps.
    public static let exampleLimit = 5

    /// The path as given.
    public var path: String
    /// The format detected.
    public var format: BarSource.Format
    /// The file size in bytes.
    public var byteCount: Int
    /// Lines in the file (CSV), or rows in the table (SQLite).
    public var lineCount: Int
    /// Whether the CSV had a header line (SQLite: always `true`).
    public var hasHeader: Bool
    /// The source columns read, as named in the file (or assumed, for headerless files).
    public var columns: [String]
    /// Blank lines skipped.
    public var blankLines: Int
    /// Data rows read, before dropping duplicates.
    public var rowsRead: Int
    /// Rows dropped because a later row had the same timestamp.
    public var duplicatesDropped: Int
    /// The first `exampleLimit` dropped duplicates, in time order.
    public var duplicateExamples: [DuplicateTimestamp]
    /// Rows whose time is earlier than the row before them (the series was sorted).
    public var outOfOrderRows: Int
    /// The first `exampleLimit` out-of-order rows, in file order.
    public var outOfOrderExamples: [OutOfOrderRow]
    /// Where the symbol came from.
    public var symbolOrigin: Origin
    /// Where the interval came from.
    public var intervalOrigin: Origin
    /// The median spacing of the sorted bars in milliseconds (`nil` with fewer than two bars).
    public var medianSpacingMilliseconds: Int64?

    /// The bars kept: `rowsRead - duplicatesDropped`.
    public var barCount: Int { rowsRead - duplicatesDropped }
}

/// A data file found in a directory by its name.
public struct DataFile: Sendable, Equatable, Codable {
    /// The symbol from the file name, upper-cased (`BTCEUR_30m.csv` → `BTCEUR`).
    public var symbol: String
    /// The interval from the file name, when it names one.
    public var interval: BarInterval?
    /// The path: the directory joined with the file name.
    public var path: String
}
