import Foundation
import GRDB
import Testing

@testable import KiloCore

/// The journal's schema: one `predictions` row per model, and journals of earlier Kilo versions.
@Suite struct TradingJournalSchemaTests {
    typealias F = TradingFixtures

    @Test func eachModelsPredictionIsOneRowNamedByItsKind() throws {
        let path = F.temporaryJournal("predictions")
        defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent()) }
        let series = try F.realSeries(["BTCEUR", "ETHEUR"], count: 80)
        let trader = try F.trader(series, config: F.config(), start: 40, sources: F.momentumSources, journal: .file(path))
        _ = try trader.step(20)
        trader.close()
        let db = try DatabaseQueue(path: path)
        try db.read { db in
            #expect(try !db.columns(in: "decisions").map(\.name).contains("gru"))
            let models = try String.fetchAll(db, sql: "SELECT DISTINCT model FROM predictions ORDER BY model")
            #expect(models == ["gru", "lightgbm", "ppo"])
            let orphans = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM predictions p LEFT JOIN decisions d
                    ON d.iteration = p.iteration AND d.symbol = p.symbol WHERE d.symbol IS NULL
                    """)
            #expect(orphans == 0)
            // The momentum sources: lightgbm predicts 0.8 × gru's value on every bar.
            let pairs = try Row.fetchAll(
                db,
                sql: """
                    SELECT g.prediction AS g, l.prediction AS l FROM predictions g JOIN predictions l
                    ON l.iteration = g.iteration AND l.symbol = g.symbol AND l.model = 'lightgbm'
                    WHERE g.model = 'gru'
                    """)
            #expect(pairs.count == 40)
            for row in pairs {
                let g: Double = row["g"]
                let l: Double = row["l"]
                #expect(abs(l - 0.8 * g) <= 1e-12 * max(1, abs(g)))
            }
        }
    }

    @Test func anEarlierJournalsModelColumnsMoveToPredictionsWhenTheWriterOpensIt() throws {
        let path = F.temporaryJournal("legacy")
        defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent()) }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            let old = try DatabaseQueue(path: path)
            try old.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                        CREATE TABLE iterations (
                            iteration INTEGER PRIMARY KEY, bar_time INTEGER NOT NULL, clock INTEGER NOT NULL,
                            cursor INTEGER NOT NULL, cash REAL NOT NULL, equity REAL NOT NULL,
                            peak_equity REAL NOT NULL, halted INTEGER NOT NULL);
                        CREATE TABLE decisions (
                            iteration INTEGER NOT NULL, symbol TEXT NOT NULL, bar_time INTEGER, close REAL,
                            gru REAL, lightgbm REAL, ppo REAL, ensemble REAL, threshold REAL, signal TEXT,
                            action TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (iteration, symbol));
                        INSERT INTO decisions VALUES (1, 'BTCEUR', 100, 50.5, 0.25, NULL, -0.5, 0.1, 0.002, 'buy', 'buy', 'r1');
                        INSERT INTO decisions VALUES (2, 'BTCEUR', 200, 51.5, NULL, NULL, NULL, NULL, NULL, NULL, 'hold', 'warm-up');
                        """)
            }
        }
        // A reader leaves the old table as it is; the writer moves it.
        _ = try TradingJournal(.file(path))
        let reader = try DatabaseQueue(path: path)
        #expect(try reader.read { try $0.columns(in: "decisions").map(\.name).contains("gru") })
        try reader.close()

        let journal = try TradingJournal(.file(path), claim: true)
        defer { journal.close() }
        let db = try DatabaseQueue(path: path)
        try db.read { db in
            #expect(
                try db.columns(in: "decisions").map(\.name)
                    == ["iteration", "symbol", "bar_time", "close", "ensemble", "threshold", "signal", "action", "reason"])
            let moved = try Row.fetchAll(db, sql: "SELECT * FROM predictions ORDER BY iteration, model")
            #expect(moved.map { $0["model"] as String } == ["gru", "ppo"])
            #expect(moved.map { $0["prediction"] as Double } == [0.25, -0.5])
            let decisions = try Row.fetchAll(db, sql: "SELECT * FROM decisions ORDER BY iteration")
            #expect(decisions.map { $0["reason"] as String } == ["r1", "warm-up"])
            #expect(decisions.first.map { $0["ensemble"] as Double } == 0.1)
        }
        try db.close()
    }
}
