import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One writer per journal, readers that see the writer's progress, files that are not journals,
/// and resumes with other trading parameters.
@Suite struct JournalOwnershipTests {
    private typealias F = TradingFixtures

    private func folder(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "kilo-journal-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func trader(_ path: String, fee: Double = 0.001, claim: Bool = false) throws -> PaperTrader {
        let feed = try ReplayFeed(series: [F.flat("AAA", count: 20)], startIndex: 0)
        return try PaperTrader(
            config: F.config { $0.fee = fee }, feed: feed,
            symbols: [TradedSymbol(symbol: "AAA", sources: [ConstantSource(values: [.gru: 0.05])], referenceVolatility: 0)],
            journal: .file(path), claim: claim)
    }

    @Test func aSecondWriterIsRefusedWithTheOwnersPIDUntilTheOwnerCloses() throws {
        let dir = try folder("owner")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/j.sqlite"
        let owner = try trader(path)
        _ = try owner.step(2)
        #expect(owner.ownsJournal)
        let second = try trader(path)
        #expect(!second.ownsJournal)
        do {
            _ = try second.step()
            Issue.record("a second writer stepped")
        } catch {
            #expect(error == .journalInUse(path: path, pid: getpid()))
            #expect("\(error)".hasPrefix("journal '\(path)' is in use by PID \(getpid());"))
        }
        #expect(throws: TradingError.journalInUse(path: path, pid: getpid())) { try self.trader(path, claim: true) }
        #expect(try TradingJournal.iterationCount(atPath: path) == 2)
        owner.close()
        // Once the owner is gone the second takes over, from where the owner stopped.
        let report = try #require(try second.step())
        #expect(report.iteration == 3)
        second.close()
    }

    @Test func aLockFileLeftByADeadProcessDoesNotBlock() throws {
        let dir = try folder("stale")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/j.sqlite"
        try "999999\n".write(toFile: path + ".lock", atomically: true, encoding: .utf8)
        let trader = try trader(path, claim: true)
        #expect(try String(contentsOfFile: path + ".lock", encoding: .utf8) == "\(getpid())\n")
        _ = try trader.step()
        trader.close()
    }

    @Test func aReaderRereadsWhatTheWriterJournaled() throws {
        let dir = try folder("reader")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/j.sqlite"
        let reader = try trader(path)
        let writer = try trader(path, claim: true)
        _ = try writer.step(5)
        #expect(reader.status().iterations == 0, "before the re-read")
        try reader.refresh()
        #expect(reader.status().iterations == 5)
        #expect(reader.portfolio == writer.portfolio && reader.fills == writer.fills && !writer.fills.isEmpty)
        #expect(reader.pendingOrders == writer.pendingOrders)
        #expect(reader.status().nextBarTime == writer.status().nextBarTime)
        writer.close()
        reader.close()
    }

    @Test func anEmptyFileIsRefusedNamingThePathAndLeftAsItIs() throws {
        let dir = try folder("empty")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/j.sqlite"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: TradingError.notAJournal(path: path, reason: "the file is empty (0 bytes)")) {
            try self.trader(path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
    }

    @Test func aFileThatIsNotSQLiteIsRefused() throws {
        let dir = try folder("text")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/j.sqlite"
        try "symbol,close\nAAA,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: TradingError.notAJournal(path: path, reason: "the file is not an SQLite database")) {
            try self.trader(path)
        }
    }

    @Test func anotherSQLiteDatabaseIsRefusedUnchanged() throws {
        let dir = try folder("foreign")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A market store file: SQLite, but not a journal.
        let store = MarketStore(directory: dir)
        let kline = Kline(
            openTime: F.t0, open: 1, high: 1, low: 1, close: 1, volume: 1, closeTime: F.t0 + 1_799_999, quoteVolume: 1,
            trades: 1, takerBuyBase: 0, takerBuyQuote: 0)
        try store.append([kline], symbol: "AAA", interval: F.halfHour)
        let path = store.path(symbol: "AAA", interval: F.halfHour)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            _ = try trader(path)
            Issue.record("a market store was taken for a journal")
        } catch {
            guard let e = error as? TradingError, case .notAJournal(let got, let reason) = e else { throw error }
            #expect(got == path && reason.hasPrefix("an SQLite database without the journal's tables"))
            #expect("\(error)".hasPrefix("'\(path)' is not a Kilo trader journal"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test(arguments: [
        ("fee", "trading.fee"), ("slippage", "trading.slippage"), ("weights", "trading.model_weights"),
        ("stop", "trading.stop_loss"), ("balance", "trading.initial_balance"), ("thresholds", "trading.base_thresholds"),
    ])
    func resumingWithAnotherParameterIsRefusedNamingTheKey(_ what: String, _ key: String) throws {
        let dir = try folder("param")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/j.sqlite"
        func make(_ edit: (inout TradingConfig) -> Void) throws -> PaperTrader {
            let feed = try ReplayFeed(series: [F.flat("AAA", count: 20)], startIndex: 0)
            return try PaperTrader(
                config: F.config(edit), feed: feed,
                symbols: [TradedSymbol(symbol: "AAA", sources: [], referenceVolatility: 0)], journal: .file(path))
        }
        let first = try make { _ in }
        _ = try first.step(2)
        first.close()
        do {
            _ = try make { c in
                switch what {
                case "fee": c.fee = 0.002
                case "slippage": c.slippage = 0.001
                case "weights": c.modelWeights["ppo"] = 0.2
                case "stop": c.stopLoss = 0.05
                case "balance": c.initialBalance = 5_000
                default: c.baseThresholds["DOTEUR"] = 0.001
                }
            }
            Issue.record("resumed with another \(key)")
        } catch {
            guard let e = error as? TradingError, case .journalMismatch(let got, let reason) = e else { throw error }
            #expect(got == path && reason.hasPrefix("\(key) is '"), "\(reason)")
        }
        // The same parameters resume.
        let again = try make { _ in }
        #expect(again.status().iterations == 2)
        again.close()
    }
}
