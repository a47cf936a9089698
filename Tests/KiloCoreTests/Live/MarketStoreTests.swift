import Foundation
import GRDB
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct MarketStoreTests {
    typealias X = FakeExchange

    func klines(_ range: Range<Int>, symbol: String = "BTCEUR") throws -> [Kline] {
        let s = try #require(X.recorded[symbol])
        return range.map { i in
            Kline(
                openTime: s.timestamps[i], open: s.open[i], high: s.high[i], low: s.low[i],
                close: s.close[i], volume: s.volume[i], closeTime: s.timestamps[i] + X.step - 1,
                quoteVolume: s.quoteVolume?[i] ?? 0, trades: Int64(s.trades?[i] ?? 0),
                takerBuyBase: s.takerBuyBase?[i] ?? 0, takerBuyQuote: s.takerBuyQuote?[i] ?? 0)
        }
    }

    func temporaryStore() -> MarketStore {
        MarketStore(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent(
                "kilo-store-\(UUID().uuidString)/market"
            ).path)
    }

    @Test func storeReadsAreBoundedAndCancellableLikeLoads() throws {
        let store = temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (store.directory as NSString).deletingLastPathComponent) }
        #expect(try store.append(klines(0..<10), symbol: "BTCEUR", interval: X.interval) == 10)
        let path = store.path(symbol: "BTCEUR", interval: X.interval)
        let token = CancellationToken()
        token.cancel()
        #expect(
            throws: LiveFeedError.store(symbol: "BTCEUR", path: path, reason: "\(path): load interrupted; nothing was loaded")
        ) { try store.series(symbol: "BTCEUR", interval: X.interval, cancellation: token) }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(
            throws: LiveFeedError.store(
                symbol: "BTCEUR", path: path,
                reason: DataError.fileTooLarge(path: path, size: size, limit: 100).description)
        ) { try store.series(symbol: "BTCEUR", interval: X.interval, maxBytes: 100) }
        let fifo = store.path(symbol: "ETHEUR", interval: X.interval)
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(
            throws: LiveFeedError.store(
                symbol: "ETHEUR", path: fifo,
                reason: DataError.notRegularFile(path: fifo, kind: "a FIFO (named pipe)").description)
        ) { try store.series(symbol: "ETHEUR", interval: X.interval) }
    }

    @Test func appendsIdempotentlyAndReadsBackThroughTheLoader() throws {
        let store = temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (store.directory as NSString).deletingLastPathComponent) }
        #expect(try store.series(symbol: "BTCEUR", interval: X.interval) == nil)
        #expect(try store.append(klines(0..<10), symbol: "BTCEUR", interval: X.interval) == 10)
        // Overlapping and repeated appends add only the new bars.
        #expect(try store.append(klines(5..<15), symbol: "BTCEUR", interval: X.interval) == 5)
        #expect(try store.append(klines(0..<15), symbol: "BTCEUR", interval: X.interval) == 0)
        let series = try #require(try store.series(symbol: "BTCEUR", interval: X.interval))
        let expected = try #require(X.recorded["BTCEUR"]?.slice(0..<15))
        #expect(Columns(series) == Columns(expected))
        #expect(series.quoteVolume == expected.quoteVolume && series.trades == expected.trades)
        #expect(series.takerBuyBase == expected.takerBuyBase)
        #expect(series.takerBuyQuote == expected.takerBuyQuote)

        // The file is in Bot_kilo's layout and WAL mode; `load` finds it by symbol in its folder.
        let path = store.path(symbol: "BTCEUR", interval: X.interval)
        #expect(path.hasSuffix("/market/BTCEUR_30m.sqlite"))
        let queue = try DatabaseQueue(path: path)
        let (mode, first) = try queue.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try String.fetchOne(db, sql: "SELECT datetime FROM market_data ORDER BY id LIMIT 1")
            )
        }
        try queue.close()
        #expect(mode == "wal")
        #expect(first == "2024-08-23 11:00:00")
        let found = try BarLoader.load(symbol: "btceur", in: store.directory)
        #expect(found.series.symbol == "BTCEUR" && found.series.interval == X.interval)
        #expect(Columns(found.series) == Columns(expected))
    }

    @Test func symbolsLiveInSeparateFiles() throws {
        let store = temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (store.directory as NSString).deletingLastPathComponent) }
        try store.append(klines(0..<3), symbol: "BTCEUR", interval: X.interval)
        try store.append(klines(0..<4, symbol: "ETHEUR"), symbol: "ETHEUR", interval: X.interval)
        #expect(try store.series(symbol: "BTCEUR", interval: X.interval)?.count == 3)
        #expect(try store.series(symbol: "ETHEUR", interval: X.interval)?.close == X.recorded["ETHEUR"]?.close.prefix(4).map { $0 })
        #expect(BarLoader.dataFiles(in: store.directory).map(\.symbol) == ["BTCEUR", "ETHEUR"])
    }

    @Test func anUnwritableFolderIsAStoreError() throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kilo-store-file-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        let store = MarketStore(directory: blocker + "/market")
        #expect {
            try store.append(klines(0..<1), symbol: "BTCEUR", interval: X.interval)
        } throws: { error in
            guard case .store(let symbol, let path, _) = error as? LiveFeedError else { return false }
            return symbol == "BTCEUR" && path == store.path(symbol: "BTCEUR", interval: X.interval)
        }
    }

    @Test func storedRangeReadsFirstLastAndCountWithoutLoading() throws {
        let store = temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (store.directory as NSString).deletingLastPathComponent) }
        #expect(try store.storedRange(symbol: "BTCEUR", interval: X.interval) == nil)
        try store.append(klines(3..<10), symbol: "BTCEUR", interval: X.interval)
        let range = try #require(try store.storedRange(symbol: "BTCEUR", interval: X.interval))
        #expect(range.first == X.openTime(3) && range.last == X.openTime(9) && range.count == 7)
    }
}
