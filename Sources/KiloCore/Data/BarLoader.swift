import Foundation

/// Loads bars from CSV (Binance kline or any OHLCV layout) and Bot_kilo SQLite files.
///
/// Loading refuses only unusable input (an empty file, a missing required column, a cell that
/// does not parse) with a `DataError` naming file, line and column. Everything else is loaded as
/// is and described by the `LoadReport`: duplicated timestamps keep the last row, out-of-order
/// rows are sorted, and prices are never clipped or altered.
///
/// CSV details: the delimiter is the most frequent of `,`, `;` and tab in the first line; a UTF-8
/// byte-order mark, CRLF line ends, blank lines, blanks around cells and one pair of double quotes
/// around a cell are accepted; quoted cells may not contain the delimiter or a newline. Cells
/// `nan`, `NaN`, `inf`, `-inf`, `Infinity` load as such. A short row missing only optional columns
/// (quote volume, trades, taker volumes) gets NaN there, which validation reports.
public enum BarLoader {
    /// Loads the bars of one file; the format is chosen by content (SQLite's magic bytes, else
    /// CSV text with or without a header).
    ///
    /// Only regular files are read (a FIFO, a device or a directory is refused before any byte
    /// is read), at most `maxBytes` of them; `cancellation` is polled between chunks of the read,
    /// of the CSV parse and of the SQLite rows, and a cancelled load throws `.loadCancelled`.
    /// A symbol taken from the file name must follow `BarSymbol`'s rule.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - symbol: the symbol; `nil` takes it from the file name (`BTCEUR_30m.csv` → `BTCEUR`).
    ///   - interval: the bar spacing; `nil` takes it from the file name, else the median spacing.
    ///   - maxBytes: the largest file accepted (`data.max_load_bytes`).
    ///   - cancellation: stops the load at its next chunk boundary.
    /// - Complexity: O(n) for time-sorted files, O(n log n) otherwise. The CSV parser splits
    ///   files above 4 MB at line boundaries and parses the parts concurrently.
    public static func load(
        path: String, symbol: String? = nil, interval: BarInterval? = nil,
        maxBytes: Int = DataConfig.defaultMaxLoadBytes, cancellation: CancellationToken = .never
    ) throws(DataError) -> LoadedBars {
        let bytes = try readFile(path, maxBytes: maxBytes, cancellation: cancellation)
        return try load(bytes: bytes, path: path, symbol: symbol, interval: interval, cancellation: cancellation)
    }

    /// Loads a file's `bytes` as `load(path:symbol:interval:)` does; `path` names it in errors
    /// (and is opened again only for SQLite).
    static func load(
        bytes: [UInt8], path: String, symbol: String? = nil, interval: BarInterval? = nil,
        cancellation: CancellationToken = .never
    ) throws(DataError) -> LoadedBars {
        if bytes.isEmpty { throw .emptyFile(path: path) }
        let sqliteMagic = Array("SQLite format 3\0".utf8)
        let raw: RawBars
        var report: LoadReport
        if bytes.starts(with: sqliteMagic) {
            (raw, report) = try loadSQLite(path: path, byteCount: bytes.count, cancellation: cancellation)
        } else {
            if bytes.prefix(4_096).contains(0) { throw .unknownFormat(path: path) }
            (raw, report) = try bytes.withUnsafeBufferPointer { buffer throws(DataError) in
                try loadCSV(buffer, path: path, cancellation: cancellation)
            }
        }
        return try finish(raw, report: report, path: path, symbol: symbol, interval: interval)
    }

    /// Loads the data file of `symbol` in `directory` (`load SYMBOL`): the file that
    /// `file(for:interval:in:)` finds, with the symbol upper-cased.
    public static func load(
        symbol: String, in directory: String, interval: BarInterval? = nil,
        maxBytes: Int = DataConfig.defaultMaxLoadBytes, cancellation: CancellationToken = .never
    ) throws(DataError) -> LoadedBars {
        let path = try file(for: symbol, interval: interval, in: directory)
        return try load(
            path: path, symbol: symbol.uppercased(), interval: interval, maxBytes: maxBytes,
            cancellation: cancellation)
    }

    /// Sorts, de-duplicates and names the raw bars.
    private static func finish(
        _ raw: RawBars, report: LoadReport, path: String, symbol: String?, interval: BarInterval?
    ) throws(DataError) -> LoadedBars {
        var report = report
        let assembled = BarAssembler.assemble(raw)
        report.rowsRead = assembled.rowsRead
        report.duplicatesDropped = assembled.duplicatesDropped
        report.duplicateExamples = assembled.duplicateExamples
        report.outOfOrderRows = assembled.outOfOrderRows
        report.outOfOrderExamples = assembled.outOfOrderExamples
        report.medianSpacingMilliseconds = BarAssembler.medianSpacing(of: assembled.times)

        let named = names(fromFileName: path)
        let resolvedSymbol: String
        if let symbol {
            resolvedSymbol = symbol.uppercased()
            report.symbolOrigin = .given
        } else {
            guard BarSymbol.isValid(named.symbol) else { throw .invalidSymbol(path: path, symbol: named.symbol) }
            resolvedSymbol = named.symbol
            report.symbolOrigin = .fileName
        }
        let resolvedInterval: BarInterval
        if let interval {
            resolvedInterval = interval
            report.intervalOrigin = .given
        } else if let fromName = named.interval {
            resolvedInterval = fromName
            report.intervalOrigin = .fileName
        } else if let spacing = report.medianSpacingMilliseconds {
            resolvedInterval = BarInterval(seconds: max(1, (spacing + 500) / 1_000))
            report.intervalOrigin = .medianSpacing
        } else {
            throw .cannotInferInterval(path: path)
        }

        func column(_ field: BarField) -> [Double] { assembled.values[field.rawValue] ?? [] }
        var series = BarSeries(
            symbol: resolvedSymbol, interval: resolvedInterval, timestamps: assembled.times,
            open: column(.open), high: column(.high), low: column(.low), close: column(.close),
            volume: column(.volume), source: BarSource(path: path, format: report.format))
        series.quoteVolume = assembled.values[BarField.quoteVolume.rawValue]
        series.trades = assembled.values[BarField.trades.rawValue]
        series.takerBuyBase = assembled.values[BarField.takerBuyBase.rawValue]
        series.takerBuyQuote = assembled.values[BarField.takerBuyQuote.rawValue]
        return LoadedBars(series: series, report: report, lines: BarLines(map: raw.lines, sourceRows: assembled.sourceRows))
    }

    /// The symbol and interval a file name gives: `BTCEUR_30m.csv` → (`BTCEUR`, 30m),
    /// `adaeur_30m.db` → (`ADAEUR`, 30m), Binance's `BTCEUR-30m-2024-08.csv` → (`BTCEUR`, 30m),
    /// `prices.csv` → (`PRICES`, nil).
    public static func names(fromFileName path: String) -> (symbol: String, interval: BarInterval?) {
        let stem = PathText.stem(of: path)
        if let underscore = stem.lastIndex(of: "_"),
            let interval = BarInterval(name: String(stem[stem.index(after: underscore)...])),
            underscore != stem.startIndex
        {
            return (String(stem[..<underscore]).uppercased(), interval)
        }
        let dashed = stem.split(separator: "-", omittingEmptySubsequences: false)
        if dashed.count >= 2, !dashed[0].isEmpty, let interval = BarInterval(name: String(dashed[1])) {
            return (dashed[0].uppercased(), interval)
        }
        return (stem.uppercased(), nil)
    }

    /// Data files directly in `directory` (not in sub-folders): `SYMBOL_INTERVAL.csv` files and
    /// SQLite files (`.db`, `.sqlite`, `.sqlite3`) whose names give a valid symbol (`BarSymbol`),
    /// sorted by symbol, then interval, then path. An unreadable or missing directory has no data
    /// files.
    public static func dataFiles(in directory: String) -> [DataFile] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return []
        }
        var files: [DataFile] = []
        for name in names where !name.hasPrefix(".") {
            let fileExtension = PathText.fileExtension(of: name).lowercased()
            let named = self.names(fromFileName: name)
            guard BarSymbol.isValid(named.symbol) else { continue }
            let path = join(directory, name)
            switch fileExtension {
            case "csv" where named.interval != nil:
                files.append(DataFile(symbol: named.symbol, interval: named.interval, path: path))
            case "db", "sqlite", "sqlite3":
                files.append(DataFile(symbol: named.symbol, interval: named.interval, path: path))
            default:
                continue
            }
        }
        return files.sorted {
            ($0.symbol, $0.interval?.seconds ?? 0, $0.path) < ($1.symbol, $1.interval?.seconds ?? 0, $1.path)
        }
    }

    /// The data file for `symbol` in `directory`: `SYMBOL_*.csv` (case-insensitive), else a SQLite
    /// file named after the symbol; with several candidates, the one whose name gives `interval`.
    /// - Throws: `DataError.noDataFile` when nothing matches, `.ambiguousSymbol` when several do.
    public static func file(
        for symbol: String, interval: BarInterval? = nil, in directory: String
    ) throws(DataError) -> String {
        let wanted = symbol.uppercased()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        let csvNames = names.filter { name in
            let lower = name.lowercased()
            return lower.hasSuffix(".csv") && lower.hasPrefix(wanted.lowercased() + "_")
        }
        let sqliteNames = names.filter { name in
            let fileExtension = PathText.fileExtension(of: name).lowercased()
            return ["db", "sqlite", "sqlite3"].contains(fileExtension)
                && self.names(fromFileName: name).symbol == wanted
        }
        var candidates = csvNames.isEmpty ? sqliteNames : csvNames
        if candidates.count > 1, let interval {
            candidates = candidates.filter { self.names(fromFileName: $0).interval == interval }
        }
        guard let first = candidates.first else {
            throw .noDataFile(symbol: wanted, directory: directory)
        }
        guard candidates.count == 1 else {
            throw .ambiguousSymbol(symbol: wanted, directory: directory, candidates: candidates)
        }
        return join(directory, first)
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The whole file (a regular file of at most `maxBytes`), read in cancellable chunks.
    static func readFile(
        _ path: String, maxBytes: Int = DataConfig.defaultMaxLoadBytes, cancellation: CancellationToken = .never
    ) throws(DataError) -> [UInt8] {
        do {
            return try RegularFile.read(path, limit: maxBytes, cancellation: cancellation)
        } catch {
            switch error {
            case .unreadable(let reason): throw .unreadable(path: path, reason: reason)
            case .notRegular(let kind): throw .notRegularFile(path: path, kind: kind)
            case .tooLarge(let size, let limit): throw .fileTooLarge(path: path, size: size, limit: limit)
            case .cancelled: throw .loadCancelled(path: path)
            }
        }
    }
}
