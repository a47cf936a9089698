import GRDB

extension TradingJournal {
    /// The journal's tables. A decision row holds what the ensemble decided for one symbol in one
    /// iteration; what each model predicted for it is one `predictions` row per model (by its
    /// registered name), so a new model kind needs no schema change.
    static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS iterations (
                    iteration INTEGER PRIMARY KEY, bar_time INTEGER NOT NULL, clock INTEGER NOT NULL,
                    cursor INTEGER NOT NULL, cash REAL NOT NULL, equity REAL NOT NULL,
                    peak_equity REAL NOT NULL, halted INTEGER NOT NULL);
                \(decisionsTable("decisions"))
                CREATE TABLE IF NOT EXISTS predictions (
                    iteration INTEGER NOT NULL, symbol TEXT NOT NULL, model TEXT NOT NULL, prediction REAL,
                    PRIMARY KEY (iteration, symbol, model));
                CREATE TABLE IF NOT EXISTS orders (
                    id INTEGER PRIMARY KEY, iteration INTEGER NOT NULL, symbol TEXT NOT NULL,
                    side TEXT NOT NULL, quantity REAL NOT NULL, reason TEXT NOT NULL,
                    decided_at_bar INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS fills (
                    id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, iteration INTEGER NOT NULL,
                    symbol TEXT NOT NULL, side TEXT NOT NULL, quantity REAL NOT NULL, price REAL NOT NULL,
                    reference_price REAL NOT NULL, fee REAL NOT NULL, slippage_cost REAL NOT NULL,
                    bar_time INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS cancellations (
                    order_id INTEGER PRIMARY KEY, iteration INTEGER NOT NULL, note TEXT NOT NULL);
                """)
    }

    private static func decisionsTable(_ name: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(name) (
            iteration INTEGER NOT NULL, symbol TEXT NOT NULL, bar_time INTEGER, close REAL,
            ensemble REAL, threshold REAL, signal TEXT, action TEXT NOT NULL, reason TEXT NOT NULL,
            PRIMARY KEY (iteration, symbol));
        """
    }

    /// The per-model columns journals before the `predictions` table had in `decisions`.
    static let legacyPredictionColumns = ["gru", "lightgbm", "ppo"]

    /// Moves a journal written by an earlier Kilo (one `decisions` column per model) to one
    /// `predictions` row per model, in the caller's transaction; a no-op on a current journal.
    /// Only the writer (the lock's holder) migrates, so no reader sees a half-moved table.
    /// - Complexity: O(decision rows).
    static func moveLegacyPredictions(_ db: Database) throws {
        let columns = try db.columns(in: "decisions").map(\.name)
        let legacy = legacyPredictionColumns.filter(columns.contains)
        guard !legacy.isEmpty else { return }
        for column in legacy {
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO predictions (iteration, symbol, model, prediction)
                    SELECT iteration, symbol, ?, "\(column)" FROM decisions WHERE "\(column)" IS NOT NULL
                    """,
                arguments: [column])
        }
        let kept = "iteration, symbol, bar_time, close, ensemble, threshold, signal, action, reason"
        try db.execute(
            sql: """
                \(decisionsTable("decisions_current"))
                INSERT INTO decisions_current (\(kept)) SELECT \(kept) FROM decisions;
                DROP TABLE decisions;
                ALTER TABLE decisions_current RENAME TO decisions;
                """)
    }
}
