import Foundation
import GRDB

/// One read through a fresh read-only connection to an SQLite file, closed afterwards: how the
/// loader reads a Bot_kilo database, the market store reports its range and `trader status`
/// counts a running trader's iterations (WAL lets it read while another connection writes).
enum ReadOnlySQLite {
    /// Opens `path` read-only, runs `body` in one read transaction and closes the connection.
    /// - Parameter busyTimeout: seconds to wait for a lock held by a writer (`nil`: fail at once).
    /// - Throws: GRDB's errors opening or reading (a missing file, not a database), or `body`'s.
    static func read<T>(path: String, busyTimeout: TimeInterval? = nil, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        if let busyTimeout { configuration.busyMode = .timeout(busyTimeout) }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }
}
