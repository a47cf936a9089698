import Foundation
import GRDB

/// The local market store: fetched bars accumulate here across restarts.
///
/// One SQLite file per symbol and interval, `<directory>/BTCEUR_30m.sqlite`, in the original
/// Bot_kilo layout (a `market_data` table, `UNIQUE(timestamp)`), written in WAL mode so the shell
/// can read it while the trader appends. Because the layout is the one `BarLoader` reads,
/// `load data/market/BTCEUR_30m.sqlite` (or `load BTCEUR` with `data.dir` pointing at the folder)
/// loads the store, and `series(symbol:interval:)` reads through the same loader.
public final class MarketStore: Sendable {
    /// The folder holding the files.
    public let directory: String

    /// A store in `directory` (created on the first append).
    public init(directory: String) {
        self.directory = directory
    }

    /// The file of `symbol` at `interval`.
    public func path(symbol: String, interval: BarInterval) -> String {
        let name = "\(symbol.uppercased())_\(interval.name).sqlite"
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Appends `klines` (oldest first); a bar already stored (same open time) is left as it is,
    /// so appending twice never duplicates a bar.
    /// - Returns: the number of bars inserted.
    /// - Throws: `LiveFeedError.store` when the folder or file cannot be written.
    /// - Complexity: O(k log n) for k klines and n stored bars.
    @discardableResult
    public func append(_ klines: [Kline], symbol: String, interval: BarInterval)
        throws(LiveFeedError) -> Int
    {
        let file = path(symbol: symbol, interval: interval)
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)  // another writer (a second trader) may hold the lock
            let pool = try DatabasePool(path: file, configuration: configuration)
            defer { try? pool.close() }
            return try pool.write { db in
                try Self.createTable(db)
                let statement = try db.makeStatement(
                    sql: """
                        INSERT OR IGNORE INTO market_data (timestamp, datetime, open, high, low, close,
                            volume, quote_volume, trades, taker_buy_base, taker_buy_quote)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                var inserted = 0
                for k in klines {
                    try statement.execute(arguments: [
                        k.openTime, Self.dateTime(k.openTime), k.open, k.high, k.low, k.close,
                        k.volume, k.quoteVolume, k.trades, k.takerBuyBase, k.takerBuyQuote,
                    ])
                    inserted += db.changesCount
                }
                return inserted
            }
        } catch let error as DatabaseError {
            throw .store(symbol: symbol, path: file, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw .store(symbol: symbol, path: file, reason: "\(error)")
        }
    }

    /// The first and last stored open times of `symbol` at `interval` and the number of bars,
    /// read with one query (no bars are loaded); `nil` when nothing is stored yet.
    /// - Throws: `LiveFeedError.store` for an unreadable file.
    /// - Complexity: O(log n) with the timestamp index.
    public func storedRange(symbol: String, interval: BarInterval) throws(LiveFeedError)
        -> (first: Int64, last: Int64, count: Int)?
    {
        let file = path(symbol: symbol, interval: interval)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        do {
            return try ReadOnlySQLite.read(path: file, busyTimeout: 5) {
                db -> (first: Int64, last: Int64, count: Int)? in
                guard try db.tableExists("market_data"),
                    let row = try Row.fetchOne(
                        db, sql: "SELECT MIN(timestamp), MAX(timestamp), COUNT(*) FROM market_data"),
                    let first = row[0] as Int64?, let last = row[1] as Int64?
                else { return nil }
                return (first, last, row[2] as Int? ?? 0)
            }
        } catch let error as DatabaseError {
            throw .store(symbol: symbol, path: file, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw .store(symbol: symbol, path: file, reason: "\(error)")
        }
    }

    /// The stored bars of `symbol` at `interval`, read with `BarLoader` (so a store that is no
    /// regular file, is over `maxBytes`, or is read when `cancellation` is set is refused like a
    /// `load`); `nil` when nothing is stored yet.
    /// - Throws: `LiveFeedError.store` for an unreadable file.
    public func series(
        symbol: String, interval: BarInterval, maxBytes: Int = DataConfig.defaultMaxLoadBytes,
        cancellation: CancellationToken = .never
    ) throws(LiveFeedError) -> BarSeries? {
        let file = path(symbol: symbol, interval: interval)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        do {
            return try BarLoader.load(
                path: file, symbol: symbol, interval: interval, maxBytes: maxBytes, cancellation: cancellation
            ).series
        } catch {
            switch error {
            case .noRows, .emptyFile: return nil
            default: throw .store(symbol: symbol, path: file, reason: error.description)
            }
        }
    }

    /// Bot_kilo's table, index included.
    private static func createTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS market_data (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    timestamp INTEGER NOT NULL,
                    datetime TEXT NOT NULL,
                    open REAL NOT NULL,
                    high REAL NOT NULL,
                    low REAL NOT NULL,
                    close REAL NOT NULL,
                    volume REAL NOT NULL,
                    quote_volume REAL NOT NULL,
                    trades INTEGER NOT NULL,
                    taker_buy_base REAL NOT NULL,
                    taker_buy_quote REAL NOT NULL,
                    UNIQUE(timestamp)
                );
                CREATE INDEX IF NOT EXISTS idx_timestamp ON market_data(timestamp);
                """)
    }

    /// `2024-08-23 11:00:00`, as Bot_kilo wrote it.
    static func dateTime(_ milliseconds: Int64) -> String {
        let text = BarTime.string(fromMilliseconds: milliseconds)
        return text.count == 16 ? text + ":00" : text
    }
}
