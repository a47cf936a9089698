import Foundation
import Logging

/// The one core engine behind the shell and the `kilo` subcommands.
///
/// The shell calls one method per command and renders what it returns; the engine never prints,
/// never reads standard input and never exits. It is used from one thread at a time.
public final class Engine {
    /// The settings in force.
    public private(set) var config: EngineConfig
    /// Where the settings came from (path, SHA-256, warnings).
    public private(set) var configInfo: LoadedConfig
    /// Loaded market data by symbol.
    public private(set) var datasets: [String: LoadedBars] = [:]
    /// Symbols in load order.
    public private(set) var symbolOrder: [String] = []
    /// SHA-256 of each loaded file, computed on first request.
    private var fileHashes: [String: String] = [:]
    /// Generated features by symbol; cleared when the symbol is loaded again.
    var featureCache: [String: SymbolFeatures] = [:]
    /// The paper trader, once `step`/`portfolio`/... created it.
    public internal(set) var activeTrader: PaperTrader?
    /// Where the trader's set-up logs the models it leaves out (swift-log, label `kilo.trader`).
    public var logger = Logger(label: "kilo.trader")

    /// Creates an engine with a loaded config.
    public init(config: LoadedConfig = .defaults) {
        self.config = config.config
        self.configInfo = config
    }

    // MARK: - Data

    /// Loads bars from a file path or, when `source` names no file, from the data folder's
    /// `SYMBOL_*.csv`. Loading replaces an earlier series of the same symbol.
    /// A file larger than `data.max_load_bytes` is refused; a cancelled load (Ctrl-C) throws
    /// `DataError.loadCancelled` and leaves the loaded data as it was.
    /// - Parameters:
    ///   - source: A path (`.csv`, `.db`, `.sqlite`) or a symbol.
    ///   - symbol: The symbol to file the bars under (default: from the file name).
    ///   - cancellation: Stops the load at its next chunk boundary.
    /// - Returns: The loaded bars with the loader's report.
    /// - Throws: `DataError` for unusable input.
    @discardableResult
    public func load(
        _ source: String, as symbol: String? = nil, cancellation: CancellationToken = .never
    ) throws(DataError) -> LoadedBars {
        let path = try resolveDataSource(source)
        let loaded = try BarLoader.load(
            path: path, symbol: symbol, maxBytes: config.data.maxLoadBytes, cancellation: cancellation)
        let key = loaded.series.symbol
        if datasets[key] == nil { symbolOrder.append(key) }
        datasets[key] = loaded
        featureCache[key] = nil
        fileHashes[path] = nil
        return loaded
    }

    /// Loads every symbol of `data.symbols` from the data folder, in that order.
    /// - Throws: `DataError` for the first symbol that cannot be loaded (those before it stay
    ///   loaded).
    public func loadConfiguredSymbols(cancellation: CancellationToken = .never) throws(DataError) -> [LoadedBars] {
        var loaded: [LoadedBars] = []
        for symbol in config.data.symbols { loaded.append(try load(symbol, cancellation: cancellation)) }
        return loaded
    }

    /// The path `load` would read for `source`.
    /// - Throws: `DataError.noDataFile` when `source` is neither a file nor a known symbol.
    public func resolveDataSource(_ source: String) throws(DataError) -> String {
        if FileManager.default.fileExists(atPath: source) { return source }
        let looksLikePath = source.contains("/") || source.contains(".")
        if looksLikePath { throw DataError.unreadable(path: source, reason: "no such file") }
        return try BarLoader.file(for: source, in: config.data.dir)
    }

    /// The bars of a loaded symbol.
    /// - Throws: `DataError.symbolNotLoaded` naming the symbol and what is loaded.
    public func bars(for symbol: String) throws(DataError) -> LoadedBars {
        guard let loaded = datasets[symbol.uppercased()] else {
            let wanted = symbol.uppercased()
            throw DataError.symbolNotLoaded(
                symbol: wanted, loaded: symbolOrder, suggestion: Suggestions.closest(to: wanted, among: symbolOrder))
        }
        return loaded
    }

    /// The symbols `all` means: the loaded ones, in load order.
    public var loadedSymbols: [String] { symbolOrder }

    /// Data files found in the configured data folder.
    public func availableDataFiles() -> [DataFile] { BarLoader.dataFiles(in: config.data.dir) }

    /// Validates one loaded symbol, or every loaded symbol when `symbol` is `nil`.
    /// - Parameter now: The clock, epoch milliseconds, for staleness.
    /// - Throws: `DataError.symbolNotLoaded`, or `.nothingLoaded` when validating all of nothing.
    public func validate(_ symbol: String?, now: Int64) throws(DataError) -> [ValidationReport] {
        let symbols: [String]
        if let symbol {
            symbols = [try bars(for: symbol).series.symbol]
        } else {
            guard !symbolOrder.isEmpty else { throw DataError.nothingLoaded }
            symbols = symbolOrder
        }
        return symbols.compactMap { key in
            datasets[key].map { validate($0, now: now) }
        }
    }

    /// Validates one series, adding a finding when its interval is not `data.interval`.
    private func validate(_ loaded: LoadedBars, now: Int64) -> ValidationReport {
        var report = BarValidator.validate(loaded, now: now, staleAfterBars: config.data.staleAfterBars)
        let expected = config.data.interval
        if loaded.series.interval != expected {
            report.findings.append(
                DataFinding(
                    severity: .warning, kind: .intervalMismatch,
                    message: "the data's interval is \(loaded.series.interval.name) but data.interval is \(expected.name)",
                    count: 1))
            report.findings = report.findings.enumerated()
                .sorted { ($0.element.severity, -$0.offset) > ($1.element.severity, -$1.offset) }.map(\.element)
        }
        return report
    }

    /// SHA-256 of every loaded data file, in load order (computed once per file).
    public func dataFingerprints() -> [(symbol: String, path: String, sha256: String)] {
        symbolOrder.compactMap { symbol in
            guard let path = datasets[symbol]?.series.source.path else { return nil }
            if fileHashes[path] == nil { fileHashes[path] = Engine.hashFile(at: path) }
            return (symbol, path, fileHashes[path] ?? "unreadable")
        }
    }

    /// SHA-256 of a file's bytes, or `nil` when it cannot be read.
    public static func hashFile(at path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update(raw: $0) }
        }
        return hasher.finalize().hexString
    }
}
