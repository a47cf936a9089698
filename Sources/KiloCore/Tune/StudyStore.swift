import Foundation
import GRDB
import Synchronization

/// A study file, `studies/NAME.sqlite` (SQLite through GRDB, WAL): one `study` row (its header) and
/// one `trials` row per trial. A trial is written `running` before it starts and updated when it
/// ends, each in its own transaction, so a process killed at any point leaves a readable file whose
/// finished trials are all there; the next run marks the dead `running` trial failed.
public final class StudyStore {
    /// The file.
    public let path: String
    private let queue: DatabaseQueue
    /// The study's header.
    public let header: StudyHeader
    /// Each trial's parameters as last decoded, with the text they came from: a re-read of an
    /// unchanged row reuses the decoded value (no JSON decoding, and the very dictionary the TPE
    /// sampler's `EncodingMemo` has already encoded).
    private let decodedParameters = Mutex<[Int: (text: String, parameters: TrialParameters)]>([:])

    /// The study file of `name` in `folder`.
    public static func path(name: String, folder: String) -> String { folder + "/" + name + ".sqlite" }

    /// Opens the study at `path`, creating it with `header` when missing; an existing study must
    /// match `header` in every identity field.
    /// - Throws: `TuneError.studyMismatch` naming the first differing field, `.notAStudy`, `.store`.
    public init(path: String, creating header: StudyHeader) throws(TuneError) {
        self.path = path
        do {
            let folder = PathText.folder(of: path)
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let existed = FileManager.default.fileExists(atPath: path)
            queue = try Self.open(path)
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            if existed, let stored = try queue.read({ db in try Self.readHeader(db, path) }) {
                if let difference = stored.firstDifference(from: header) {
                    throw TuneError.studyMismatch(
                        study: header.name, field: difference.field, stored: difference.stored,
                        requested: difference.requested)
                }
                self.header = stored
            } else {
                try queue.write { db in
                    try Self.createSchema(db)
                    try db.execute(
                        sql: "INSERT INTO study (id, header) VALUES (1, ?)", arguments: [StudyJSON.encode(header)])
                }
                self.header = header
            }
        } catch {
            throw Self.wrap(error, path)
        }
    }

    /// Opens an existing study as it is, without a header to match (`studies`, `inspect study`, a
    /// test beside a running tune, and `record-trials`, which then writes a batch's outcomes);
    /// opening writes nothing.
    /// - Throws: `TuneError.notAStudy`, `.store`.
    public init(readingAt path: String) throws(TuneError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw .notAStudy(path: path, reason: "no such file") }
        do {
            queue = try Self.open(path)
            guard let stored = try queue.read({ db in try Self.readHeader(db, path) }) else {
                throw TuneError.notAStudy(path: path, reason: "it has no study row")
            }
            header = stored
        } catch {
            throw Self.wrap(error, path)
        }
    }

    // MARK: - Trials

    /// Every trial, by number.
    /// - Throws: `TuneError.store`.
    public func trials() throws(TuneError) -> [StudyTrial] {
        do {
            let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM trials ORDER BY number") }
            return try decodedParameters.withLock { decoded in
                if decoded.count > 2 * rows.count + 64 { decoded.removeAll(keepingCapacity: true) }
                return try rows.map { row in
                    let number: Int = row["number"]
                    let text: String = row["params"]
                    if let known = decoded[number], known.text == text {
                        return try Self.trial(row, parameters: known.parameters)
                    }
                    let parameters = try StudyJSON.decode(TrialParameters.self, from: text)
                    decoded[number] = (text, parameters)
                    return try Self.trial(row, parameters: parameters)
                }
            }
        } catch {
            throw Self.wrap(error, path)
        }
    }

    /// Records trials as `running` before they start (one transaction).
    /// - Throws: `TuneError.store`.
    public func start(_ records: [TrialRecord]) throws(TuneError) {
        do {
            try queue.write { db in
                for record in records {
                    try db.execute(
                        sql: """
                            INSERT INTO trials (number, params, fold_values, state, seed, duration)
                            VALUES (?, ?, '[]', 'running', ?, 0)
                            """,
                        arguments: [record.number, StudyJSON.encode(record.parameters), Int64(bitPattern: record.seed)])
                }
            }
        } catch {
            throw Self.wrap(error, path)
        }
    }

    /// Writes a trial's outcome over its `running` row.
    /// - Throws: `TuneError.store`.
    public func finish(_ trial: StudyTrial) throws(TuneError) {
        let r = trial.record
        let m = trial.netMoments
        do {
            try queue.write { db in
                try db.execute(
                    sql: """
                        UPDATE trials SET fold_values = ?, state = ?, value = ?, reason = ?, duration = ?, net_sharpe = ?,
                          observations = ?, net_mean = ?, net_std = ?, net_skewness = ?, net_kurtosis = ?
                        WHERE number = ?
                        """,
                    arguments: [
                        StudyJSON.encode(r.foldValues), r.state.rawValue, r.value.flatMap(Self.finite), r.failure,
                        r.duration, trial.netSharpe.flatMap(Self.finite), m?.count, m.flatMap { Self.finite($0.mean) },
                        m.flatMap { Self.finite($0.std) }, m.flatMap { Self.finite($0.skewness) },
                        m.flatMap { Self.finite($0.kurtosis) }, r.number,
                    ])
            }
        } catch {
            throw Self.wrap(error, path)
        }
    }

    /// Removes trials that never finished a fold because the run was interrupted (Ctrl-C), so the
    /// next run suggests them again.
    /// - Throws: `TuneError.store`.
    public func discard(_ numbers: [Int]) throws(TuneError) {
        guard !numbers.isEmpty else { return }
        do {
            try queue.write { db in
                for number in numbers { try db.execute(sql: "DELETE FROM trials WHERE number = ?", arguments: [number]) }
            }
        } catch {
            throw Self.wrap(error, path)
        }
    }

    /// Marks every `running` trial failed with `reason` (a process that died mid-trial).
    /// - Returns: The trials marked.
    /// - Throws: `TuneError.store`.
    @discardableResult
    public func failRunning(reason: String) throws(TuneError) -> [Int] {
        do {
            return try queue.write { db in
                let numbers = try Int.fetchAll(db, sql: "SELECT number FROM trials WHERE state = 'running' ORDER BY number")
                try db.execute(
                    sql: "UPDATE trials SET state = 'failed', reason = ? WHERE state = 'running'", arguments: [reason])
                return numbers
            }
        } catch {
            throw Self.wrap(error, path)
        }
    }

    // MARK: - File

    /// Opens the file read-write (a WAL reader needs its shared-memory file), refusing a non-SQLite file.
    private static func open(_ path: String) throws -> DatabaseQueue {
        if FileManager.default.fileExists(atPath: path) {
            let header = FileHandle(forReadingAtPath: path).flatMap { handle in
                defer { try? handle.close() }
                return try? handle.read(upToCount: 16)
            }
            if let header, !header.isEmpty, header != Data("SQLite format 3\u{0}".utf8) {
                throw TuneError.notAStudy(path: path, reason: "the file is not an SQLite database")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    private static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS study (id INTEGER PRIMARY KEY CHECK (id = 1), header TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS trials (
                  number INTEGER PRIMARY KEY, params TEXT NOT NULL, fold_values TEXT NOT NULL, state TEXT NOT NULL,
                  value REAL, reason TEXT, seed INTEGER NOT NULL, duration REAL NOT NULL, net_sharpe REAL,
                  observations INTEGER, net_mean REAL, net_std REAL, net_skewness REAL, net_kurtosis REAL);
                """)
    }

    /// The header, `nil` for an empty database; refuses a database with other tables.
    private static func readHeader(_ db: Database, _ path: String) throws -> StudyHeader? {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if tables.isEmpty { return nil }
        guard Set(tables) == ["study", "trials"], let text = try String.fetchOne(db, sql: "SELECT header FROM study WHERE id = 1")
        else {
            throw TuneError.notAStudy(path: path, reason: "its tables are \(tables.sorted().joined(separator: ", "))")
        }
        do {
            return try StudyJSON.decode(StudyHeader.self, from: text)
        } catch {
            throw TuneError.notAStudy(path: path, reason: "its study row cannot be read (\(error))")
        }
    }

    /// The trial in `row`, whose `params` text decodes to `parameters`.
    private static func trial(_ row: Row, parameters: TrialParameters) throws -> StudyTrial {
        let folds = try StudyJSON.decode([Double].self, from: row["fold_values"])
        let state = TrialState(rawValue: row["state"]) ?? .failed
        let seed: Int64 = row["seed"]
        let record = TrialRecord(
            number: row["number"], parameters: parameters, foldValues: folds, state: state, value: row["value"],
            seed: UInt64(bitPattern: seed), duration: row["duration"], failure: row["reason"])
        var moments: Moments?
        if let count: Int = row["observations"] {
            moments = Moments(
                count: count, mean: row["net_mean"] ?? .nan, std: row["net_std"] ?? .nan,
                skewness: row["net_skewness"] ?? 0, kurtosis: row["net_kurtosis"] ?? 3)
        }
        return StudyTrial(record: record, netSharpe: row["net_sharpe"], netMoments: moments)
    }

    private static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    private static func wrap(_ error: any Error, _ path: String) -> TuneError {
        if let error = error as? TuneError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_NOTADB { return .notAStudy(path: path, reason: "the file is not an SQLite database") }
            return .store(path: path, message: error.message ?? "\(error)")
        }
        return .store(path: path, message: "\(error)")
    }
}
