import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// Loads of hostile input: special files, files over `data.max_load_bytes`, file names that give
/// no symbol, and loads cancelled part-way — each a one-line `DataError`, nothing half-loaded.
@Suite struct BarLoaderHostileTests {
    static let header = "timestamp,open,high,low,close,volume\n"

    /// `rows` 30-minute bars as CSV text with a header.
    static func csv(rows: Int) -> Data {
        var text = header
        text.reserveCapacity(rows * 48)
        let start: Int64 = 1_724_410_800_000
        for row in 0..<rows {
            text += "\(start + Int64(row) * 1_800_000),1.5,2.5,0.5,2.0,10\n"
        }
        return Data(text.utf8)
    }

    @Test func specialFilesAreRefusedByName() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/BTCEUR_30m.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: DataError.notRegularFile(path: fifo, kind: "a FIFO (named pipe)")) {
            try BarLoader.load(path: fifo)
        }
        let zero = DataError.notRegularFile(path: "/dev/zero", kind: "a character device")
        #expect(throws: zero) { try BarLoader.load(path: "/dev/zero") }
        #expect(zero.description == "/dev/zero: cannot load a character device; load reads regular .csv and SQLite files")
        #expect(throws: DataError.notRegularFile(path: folder.path, kind: "a directory")) {
            try BarLoader.load(path: folder.path)
        }
    }

    @Test func aFileOverTheLimitNamesTheKey() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.path + "/BTCEUR_30m.csv"
        let data = Self.csv(rows: 100)
        _ = FileManager.default.createFile(atPath: path, contents: data)
        let error = DataError.fileTooLarge(path: path, size: data.count, limit: 1_000)
        #expect(throws: error) { try BarLoader.load(path: path, maxBytes: 1_000) }
        #expect(error.description.hasPrefix("\(path): file is \(data.count) bytes, more than data.max_load_bytes (1000)"))
        #expect(try BarLoader.load(path: path, maxBytes: data.count).series.count == 100)

        var config = EngineConfig()
        config.data.maxLoadBytes = 1_000
        let engine = Engine(config: LoadedConfig(config: config, path: nil, sha256: "", warnings: []))
        #expect(throws: error) { try engine.load(path) }
        #expect(engine.loadedSymbols.isEmpty)
    }

    @Test func aFileNameThatGivesNoSymbolNeedsAs() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        for name in ["btc-eur.csv", "BTC EUR_30m.csv", "bad_cell.csv", "ÄBTC_30m.csv"] {
            let path = folder.path + "/" + name
            _ = FileManager.default.createFile(atPath: path, contents: Self.csv(rows: 3))
            let symbol = BarLoader.names(fromFileName: path).symbol
            let error = DataError.invalidSymbol(path: path, symbol: symbol)
            #expect(throws: error) { try BarLoader.load(path: path) }
            #expect(error.description.hasSuffix("(1 to 20 ASCII letters and digits, like BTCEUR); load it with 'as SYMBOL'"))
            #expect(try BarLoader.load(path: path, symbol: "BTC").series.symbol == "BTC")
        }
    }

    @Test func dataFilesListOnlyNamesThatGiveASymbol() {
        let folder = DataTestFolder()
        defer { folder.remove() }
        folder.write("BTCEUR_30m.csv", "")
        folder.write("btc-eur_30m.csv", "")
        folder.write("my data.db", "")
        #expect(BarLoader.dataFiles(in: folder.path).map(\.symbol) == ["BTCEUR"])
    }

    @Test func aCancelledTokenStopsEachStage() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let path = folder.path + "/BTCEUR_30m.csv"
        _ = FileManager.default.createFile(atPath: path, contents: Self.csv(rows: 10))
        let token = CancellationToken()
        token.cancel()
        #expect(throws: DataError.loadCancelled(path: path)) { try BarLoader.load(path: path, cancellation: token) }
        // The CSV parse on its own (the read already done).
        let bytes = try BarLoader.readFile(path)
        #expect(throws: DataError.loadCancelled(path: path)) {
            try bytes.withUnsafeBufferPointer { buffer throws(DataError) in
                _ = try BarLoader.loadCSV(buffer, path: path, chunks: 2, cancellation: token)
            }
        }
        // The SQLite row loop on its own.
        let sqlite = RepoPaths.path("data/original-sqlite/adaeur_30m.db")
        #expect(throws: DataError.loadCancelled(path: sqlite)) {
            _ = try BarLoader.loadSQLite(path: sqlite, byteCount: 0, cancellation: token)
        }
    }

    @Test func cancellingFromAnotherThreadStopsALongLoadAndKeepsTheEngine() throws {
        let folder = DataTestFolder()
        defer { folder.remove() }
        let small = folder.path + "/BTCEUR_30m.csv"
        _ = FileManager.default.createFile(atPath: small, contents: Self.csv(rows: 10))
        let big = folder.path + "/big.csv"
        _ = FileManager.default.createFile(atPath: big, contents: Self.csv(rows: 1_500_000))
        let engine = Engine()
        try engine.load(small)
        let token = CancellationToken()
        let cancelled = DispatchSemaphore(value: 0)
        // A thread of its own: the global queues may be busy with the parse and with other tests.
        Thread {
            usleep(30_000)
            token.cancel()
            cancelled.signal()
        }.start()
        var outcome = "loaded"  // not the bars: a failure message should stay short
        do { _ = try engine.load(big, as: "BTCEUR", cancellation: token) } catch { outcome = error.description }
        cancelled.wait()
        // Cancelled, not finished: the load stopped at a chunk boundary (no wall-clock bound, which
        // a loaded CI machine could break).
        #expect(outcome == DataError.loadCancelled(path: big).description)
        #expect(engine.loadedSymbols == ["BTCEUR"])
        #expect(try engine.bars(for: "BTCEUR").series.count == 10, "the earlier BTCEUR bars are kept")
    }
}
