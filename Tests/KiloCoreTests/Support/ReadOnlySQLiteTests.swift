import Foundation
import GRDB
import Testing

@testable import KiloCore

@Suite struct ReadOnlySQLiteTests {
    /// A fresh database file holding `t(x)` with the values 1, 2, 3.
    func temporaryDatabase() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("t.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)")
        }
        try queue.close()
        return path
    }

    @Test func readsWhatTheFileHolds() throws {
        let path = try temporaryDatabase()
        let total = try ReadOnlySQLite.read(path: path) { db in try Int.fetchOne(db, sql: "SELECT SUM(x) FROM t") }
        #expect(total == 6)
        let exists = try ReadOnlySQLite.read(path: path, busyTimeout: 1) { db in try db.tableExists("t") }
        #expect(exists)
    }

    @Test func refusesToWriteAndLeavesTheFileAlone() throws {
        let path = try temporaryDatabase()
        #expect(throws: DatabaseError.self) {
            try ReadOnlySQLite.read(path: path) { db in try db.execute(sql: "INSERT INTO t VALUES (4)") }
        }
        let count = try ReadOnlySQLite.read(path: path) { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") }
        #expect(count == 3)
    }

    @Test func aMissingFileIsAnErrorNotANewDatabase() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-ro-\(UUID().uuidString).sqlite").path
        #expect(throws: DatabaseError.self) { try ReadOnlySQLite.read(path: path) { _ in 0 } }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
