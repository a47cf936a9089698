/// Why market data could not be loaded: the input is unusable, not merely imperfect.
///
/// Imperfect data (gaps, duplicates, NaN cells, OHLC inconsistencies) is loaded and reported by
/// `LoadReport` and `BarValidator`; these errors are only for input that gives no bars at all.
/// Line numbers are 1-based file lines; for SQLite files they are the table's row ids.
public enum DataError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What a cell was expected to hold.
    public enum CellKind: String, Sendable, Equatable, Codable {
        /// A decimal number such as `54915.45`, `1e-5`, `nan` or `inf`.
        case number
        /// A bar time: epoch seconds/milliseconds/microseconds or ISO-8601.
        case time
    }

    /// The file holds no bytes (or only blank lines).
    case emptyFile(path: String)
    /// The file has a header but no data rows.
    case noRows(path: String)
    /// A required column is missing from the header (or the SQLite table).
    case missingColumn(path: String, column: String, header: [String])
    /// A row ends before a required column.
    case missingCell(path: String, line: Int, column: String)
    /// A cell of a required column does not parse.
    case unparseableCell(path: String, line: Int, column: String, text: String, expected: CellKind = .number)
    /// The file cannot be opened or read.
    case unreadable(path: String, reason: String)
    /// The path is a FIFO, a device, a directory or a socket; `kind` reads "a FIFO (named pipe)", ...
    case notRegularFile(path: String, kind: String)
    /// The file holds more than `limit` bytes, the `data.max_load_bytes` setting.
    case fileTooLarge(path: String, size: Int, limit: Int)
    /// The load was cancelled (Ctrl-C) before it finished; nothing was loaded.
    case loadCancelled(path: String)
    /// The symbol a file name gives breaks the symbol rule (`BarSymbol`).
    case invalidSymbol(path: String, symbol: String)
    /// The file is neither CSV text nor a SQLite database.
    case unknownFormat(path: String)
    /// No data file for `symbol` was found in `directory`.
    case noDataFile(symbol: String, directory: String)
    /// Several data files match `symbol`; the candidates are file names.
    case ambiguousSymbol(symbol: String, directory: String, candidates: [String])
    /// The series has a single bar and no interval was given or found in the file name.
    case cannotInferInterval(path: String)
    /// SQLite (through GRDB) reported an error.
    case sqlite(path: String, message: String)
    /// A command named a symbol that has no bars loaded; `suggestion` is a close loaded one.
    case symbolNotLoaded(symbol: String, loaded: [String], suggestion: String?)
    /// A command for all symbols ran before anything was loaded.
    case nothingLoaded

    public var description: String {
        switch self {
        case .emptyFile(let path):
            return "\(Excerpt.path(path)): file is empty"
        case .noRows(let path):
            return "\(Excerpt.path(path)): file has a header but no data rows"
        case .missingColumn(let path, let column, let header):
            let names = header.prefix(20).map { "'\(Excerpt.of($0))'" }.joined(separator: ", ")
                + (header.count > 20 ? ", … (\(header.count) columns)" : "")
            let alternatives =
                column == "timestamp" ? " (or one of 'open_time', 'time', 'datetime', 'date')" : ""
            return "\(Excerpt.path(path)): missing column '\(Excerpt.of(column))'\(alternatives); the header has \(names)"
        case .missingCell(let path, let line, let column):
            return "\(Excerpt.path(path)):\(line): column '\(Excerpt.of(column))': the row ends before this column"
        case .unparseableCell(let path, let line, let column, let text, let expected):
            let what = expected == .number ? "a number" : "a time"
            return "\(Excerpt.path(path)):\(line): column '\(Excerpt.of(column))': cannot parse '\(Excerpt.of(text))' as \(what)"
        case .unreadable(let path, let reason):
            return "\(Excerpt.path(path)): cannot read file: \(reason)"
        case .notRegularFile(let path, let kind):
            return "\(Excerpt.path(path)): cannot load \(kind); load reads regular .csv and SQLite files"
        case .fileTooLarge(let path, let size, let limit):
            return "\(Excerpt.path(path)): file is \(size) bytes, more than data.max_load_bytes (\(limit)); "
                + "raise data.max_load_bytes in the config to load it"
        case .loadCancelled(let path):
            return "\(Excerpt.path(path)): load interrupted; nothing was loaded"
        case .invalidSymbol(let path, let symbol):
            return "\(Excerpt.path(path)): the file name gives the symbol '\(Excerpt.of(symbol))', which is not a symbol "
                + "(\(BarSymbol.rule)); load it with 'as SYMBOL'"
        case .unknownFormat(let path):
            return "\(Excerpt.path(path)): unknown format (expected CSV text or a SQLite database)"
        case .noDataFile(let symbol, let directory):
            return "no data file for symbol '\(Excerpt.of(symbol))' in '\(Excerpt.path(directory))' (expected \(Excerpt.of(symbol))_INTERVAL.csv)"
        case .ambiguousSymbol(let symbol, let directory, let candidates):
            let names = candidates.map { "'\(Excerpt.of($0))'" }.joined(separator: ", ")
            return "symbol '\(Excerpt.of(symbol))' matches several files in '\(Excerpt.path(directory))': \(names); give the interval"
        case .cannotInferInterval(let path):
            return "\(Excerpt.path(path)): cannot infer the interval from a single bar; "
                + "name the file SYMBOL_INTERVAL.csv or give the interval"
        case .sqlite(let path, let message):
            return "\(Excerpt.path(path)): sqlite: \(Excerpt.of(message, limit: Excerpt.pathLimit))"
        case .symbolNotLoaded(let symbol, let loaded, let suggestion):
            if let suggestion { return "symbol '\(Excerpt.of(symbol))' is not loaded; did you mean '\(Excerpt.of(suggestion))'?" }
            let list = loaded.isEmpty ? "nothing is loaded yet" : "loaded: \(loaded.joined(separator: ", "))"
            return "symbol '\(Excerpt.of(symbol))' is not loaded (\(list)); try 'load \(Excerpt.of(symbol))'"
        case .nothingLoaded:
            return "no symbols are loaded; try 'load BTCEUR' or 'load data/BTCEUR_30m.csv'"
        }
    }
}
