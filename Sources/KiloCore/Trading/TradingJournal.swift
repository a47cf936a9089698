import Foundation
import GRDB

/// Where the trader's journal lives.
public enum JournalLocation: Sendable, Equatable {
    /// A SQLite file in WAL mode (created with its folder when missing).
    case file(String)
    /// A private in-memory SQLite database (backtests): the same code path, nothing on disk.
    case memory

    /// The path, or `:memory:`.
    public var path: String {
        switch self {
        case .file(let path): return path
        case .memory: return ":memory:"
        }
    }
}

/// The state a journal holds, as read back on open.
struct JournalState {
    var meta: [String: String]
    var fills: [Fill]
    var pendingOrders: [Order]
    var lastIteration: IterationRow?
    var marks: [String: Double]
    var nextOrderID: Int
    var nextFillID: Int
}

/// The totals row written at the end of each iteration.
struct IterationRow: Equatable {
    var iteration: Int
    var barTime: Int64
    var clock: Int64
    /// The feed cursor after the iteration: where a resumed trader continues.
    var cursor: Int64
    var cash: Double
    var equity: Double
    var peakEquity: Double
    var isHalted: Bool
}

/// Everything one iteration appends, written in one transaction.
struct IterationRecord {
    var row: IterationRow
    var steps: [SymbolStep]
    var newOrders: [Order]
    var fills: [Fill]
    var cancellations: [(orderID: Int, note: String)]
}

/// The append-only SQLite journal (through GRDB): meta, iterations, decisions, orders, fills and
/// cancellations. Each iteration is one transaction, so a kill at any point loses at most the
/// iteration in progress. The file uses WAL with `synchronous = NORMAL`: a commit survives a
/// killed process (the WAL is in the OS page cache); only a power loss can drop the last commits.
///
/// One writer per journal: a trader `claim`s the file's `JournalLock` before it writes an
/// iteration, and readers (a shell's `portfolio` while `kilo trade` runs) read through WAL.
/// An existing file must be a Kilo journal: a 0-byte file, a file that is not SQLite, or an SQLite
/// database with other tables is refused naming the path, never restarted at the initial balance.
public final class TradingJournal {
    let location: JournalLocation
    private let queue: DatabaseQueue
    private var lock: JournalLock?

    /// Opens (creating when missing) the journal; `claim` takes its lock before anything is written.
    /// - Throws: `TradingError.notAJournal`, `.journalInUse`, `.journal`.
    init(_ location: JournalLocation, claim: Bool = false) throws(TradingError) {
        self.location = location
        do {
            switch location {
            case .memory:
                queue = try DatabaseQueue()
            case .file(let path):
                try Self.createFolder(of: path)
                let existed = try Self.checkExistingFile(path)
                if claim { lock = try JournalLock.acquire(journal: path) }
                // WAL is switched on only after the checks: a foreign file is refused unchanged.
                var configuration = Configuration()
                configuration.busyMode = .timeout(10)
                configuration.prepareDatabase { db in
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
                queue = try DatabaseQueue(path: path, configuration: configuration)
                if existed { try queue.read { db in try Self.checkTables(db, path) } }
                try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            }
            try queue.write { db in
                try Self.createSchema(db)
                if claim { try Self.moveLegacyPredictions(db) }
            }
        } catch {
            lock?.release()
            throw Self.wrap(error, location.path)
        }
    }

    /// Whether an existing journal file is there, refusing an empty one.
    private static func checkExistingFile(_ path: String) throws(TradingError) -> Bool {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { return false }
        let size = { (p: String) in ((try? manager.attributesOfItem(atPath: p))?[.size] as? NSNumber)?.intValue ?? 0 }
        // A 0-byte file whose WAL holds commits is a journal SQLite will recover; alone it is not.
        if size(path) == 0 {
            if size(path + "-wal") == 0 { throw .notAJournal(path: path, reason: "the file is empty (0 bytes)") }
            return true
        }
        let header = FileHandle(forReadingAtPath: path).flatMap { handle in
            defer { try? handle.close() }
            return try? handle.read(upToCount: 16)
        }
        if header != Data("SQLite format 3\u{0}".utf8) {
            throw .notAJournal(path: path, reason: "the file is not an SQLite database")
        }
        return true
    }

    /// Refuses an SQLite database that has tables but not the journal's (an empty one is adopted:
    /// nothing in it can be lost).
    private static func checkTables(_ db: Database, _ path: String) throws {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if tables.isEmpty || (tables.contains("meta") && tables.contains("iterations")) { return }
        throw TradingError.notAJournal(
            path: path, reason: "an SQLite database without the journal's tables (it has \(tables.prefix(5).joined(separator: ", ")))")
    }

    /// Takes the journal's lock (a no-op in memory or when already held).
    /// - Throws: `TradingError.journalInUse` naming the owner's PID.
    func claim() throws(TradingError) {
        guard case .file(let path) = location, lock == nil else { return }
        lock = try JournalLock.acquire(journal: path)
        do {
            try queue.write { db in try Self.moveLegacyPredictions(db) }
        } catch { throw Self.wrap(error, path) }
    }

    /// Whether this journal may be written: in memory, or its lock is held.
    var isClaimed: Bool {
        if case .memory = location { return true }
        return lock != nil
    }

    /// Closes the connection and drops the lock (the journal stays valid without it: every
    /// iteration is committed).
    func close() {
        try? queue.close()
        lock?.release()
        lock = nil
    }

    private static func createFolder(of path: String) throws {
        guard let slash = path.lastIndex(of: "/") else { return }
        let folder = String(path[..<slash])
        if folder.isEmpty { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    static func wrap(_ error: any Error, _ path: String) -> TradingError {
        if let error = error as? TradingError { return error }
        if let error = error as? DatabaseError {
            return .journal(path: path, message: error.message ?? "\(error.resultCode)")
        }
        return .journal(path: path, message: "\(error)")
    }

    /// Writes the meta entries (once, when the journal is new).
    func writeMeta(_ meta: [String: String]) throws(TradingError) {
        do {
            try queue.write { db in
                for (key, value) in meta.sorted(by: { $0.key < $1.key }) {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                        arguments: [key, value])
                }
            }
        } catch { throw Self.wrap(error, location.path) }
    }

    /// Appends one iteration in one transaction.
    func append(_ record: IterationRecord) throws(TradingError) {
        do {
            try queue.write { db in try Self.insert(record, db) }
        } catch { throw Self.wrap(error, location.path) }
    }

    private static func insert(_ record: IterationRecord, _ db: Database) throws {
        let r = record.row
        try db.cachedStatement(
            sql: "INSERT INTO iterations VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [
            r.iteration, r.barTime, r.clock, r.cursor, r.cash, r.equity, r.peakEquity, r.isHalted,
        ])
        let decision = try db.cachedStatement(sql: "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        let prediction = try db.cachedStatement(sql: "INSERT INTO predictions VALUES (?, ?, ?, ?)")
        for s in record.steps {
            try decision.execute(arguments: [
                r.iteration, s.symbol, s.barTime, s.close, s.ensemble, s.threshold, s.signal?.rawValue,
                s.action.rawValue, s.reason,
            ])
            for (kind, value) in s.predictions.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try prediction.execute(arguments: [r.iteration, s.symbol, kind.rawValue, value])
            }
        }
        let order = try db.cachedStatement(sql: "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)")
        for o in record.newOrders {
            try order.execute(arguments: [
                o.id, o.iteration, o.symbol, o.side.rawValue, o.quantity, o.reason.rawValue,
                o.decidedAtBar,
            ])
        }
        let fill = try db.cachedStatement(
            sql: "INSERT INTO fills VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for f in record.fills {
            try fill.execute(arguments: [
                f.id, f.orderID, f.iteration, f.symbol, f.side.rawValue, f.quantity, f.price,
                f.referencePrice,
                f.fee, f.slippageCost, f.barTime,
            ])
        }
        let cancel = try db.cachedStatement(sql: "INSERT INTO cancellations VALUES (?, ?, ?)")
        for c in record.cancellations {
            try cancel.execute(arguments: [c.orderID, r.iteration, c.note])
        }
    }

    /// Reads back everything a resumed trader needs.
    func load() throws(TradingError) -> JournalState {
        do {
            return try queue.read { db in try Self.readState(db) }
        } catch { throw Self.wrap(error, location.path) }
    }

    private static func readState(_ db: Database) throws -> JournalState {
        var meta: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta") {
            meta[row[0]] = row[1]
        }
        let fills = try Row.fetchAll(db, sql: "SELECT * FROM fills ORDER BY id").map(fill(from:))
        let pending = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM orders WHERE id NOT IN (SELECT order_id FROM fills)
                AND id NOT IN (SELECT order_id FROM cancellations) ORDER BY id
                """
        ).map(order(from:))
        let last = try Row.fetchOne(
            db, sql: "SELECT * FROM iterations ORDER BY iteration DESC LIMIT 1"
        ).map {
            IterationRow(
                iteration: $0["iteration"], barTime: $0["bar_time"], clock: $0["clock"],
                cursor: $0["cursor"],
                cash: $0["cash"], equity: $0["equity"], peakEquity: $0["peak_equity"],
                isHalted: $0["halted"])
        }
        var marks: [String: Double] = [:]
        let markRows = try Row.fetchAll(
            db,
            sql: """
                SELECT d.symbol, d.close FROM decisions d WHERE d.close IS NOT NULL AND d.iteration =
                (SELECT MAX(e.iteration) FROM decisions e WHERE e.symbol = d.symbol AND e.close IS NOT NULL)
                """)
        for row in markRows { marks[row[0]] = row[1] }
        let maxOrder = try Int.fetchOne(db, sql: "SELECT MAX(id) FROM orders") ?? 0
        return JournalState(
            meta: meta, fills: fills, pendingOrders: pending, lastIteration: last, marks: marks,
            nextOrderID: maxOrder + 1, nextFillID: (fills.last?.id ?? 0) + 1)
    }

    private static func fill(from row: Row) throws -> Fill {
        Fill(
            id: row["id"], orderID: row["order_id"], symbol: row["symbol"],
            side: OrderSide(rawValue: row["side"]) ?? .buy, quantity: row["quantity"],
            price: row["price"],
            referencePrice: row["reference_price"], fee: row["fee"],
            slippageCost: row["slippage_cost"],
            barTime: row["bar_time"], iteration: row["iteration"])
    }

    private static func order(from row: Row) throws -> Order {
        Order(
            id: row["id"], symbol: row["symbol"], side: OrderSide(rawValue: row["side"]) ?? .buy,
            quantity: row["quantity"], reason: OrderReason(rawValue: row["reason"]) ?? .signal,
            iteration: row["iteration"], decidedAtBar: row["decided_at_bar"])
    }

    /// The equity after each iteration, in order, with its bar time.
    func equityCurve() throws(TradingError) -> [(barTime: Int64, equity: Double)] {
        do {
            return try queue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT bar_time, equity FROM iterations ORDER BY iteration"
                ).map {
                    (barTime: $0[0], equity: $0[1])
                }
            }
        } catch { throw Self.wrap(error, location.path) }
    }

    /// The iterations journaled in the file at `path`, read through a separate read-only
    /// connection (WAL lets it read while a trader writes).
    public static func iterationCount(atPath path: String) throws(TradingError) -> Int {
        do {
            return try ReadOnlySQLite.read(path: path) { db in
                try db.tableExists("iterations")
                    ? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM iterations") ?? 0 : 0
            }
        } catch { throw wrap(error, path) }
    }

    /// Per iteration: bar time, equity, and the valid closes of that iteration's bars.
    func equityAndCloses() throws(TradingError) -> [(
        barTime: Int64, equity: Double, closes: [(symbol: String, close: Double)]
    )] {
        do {
            return try queue.read { db in
                var result:
                    [(barTime: Int64, equity: Double, closes: [(symbol: String, close: Double)])] =
                        []
                var last: Int?
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT i.iteration, i.bar_time, i.equity, d.symbol, d.close FROM iterations i
                        LEFT JOIN decisions d ON d.iteration = i.iteration AND d.close IS NOT NULL
                        ORDER BY i.iteration, d.symbol
                        """)
                while let row = try rows.next() {
                    let iteration: Int = row[0]
                    if iteration != last {
                        result.append((barTime: row[1], equity: row[2], closes: []))
                        last = iteration
                    }
                    if let symbol: String = row[3], let close: Double = row[4] {
                        result[result.count - 1].closes.append((symbol, close))
                    }
                }
                return result
            }
        } catch { throw Self.wrap(error, location.path) }
    }

    /// Deletes every row (the schema stays).
    func erase() throws(TradingError) {
        do {
            try queue.write { db in
                for table in [
                    "meta", "iterations", "decisions", "predictions", "orders", "fills", "cancellations",
                ] {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
            }
        } catch { throw Self.wrap(error, location.path) }
    }
}
