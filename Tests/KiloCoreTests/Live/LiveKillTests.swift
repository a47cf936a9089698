import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

#if canImport(Glibc)
    import Glibc
#endif

/// A real `kill -9` of a live trader: this test binary is started again as a child that trades
/// over the live feed (the fake exchange runs in the parent) into a journal and a market store, is
/// killed with SIGKILL mid-run, and the parent resumes both with a fresh feed and compares with an
/// uninterrupted run.
@Suite struct LiveKillTests {
    typealias H = LiveHarness
    typealias X = FakeExchange
    static let directoryVariable = "KILO_LIVE_KILL_DIR"
    static let urlVariable = "KILO_LIVE_KILL_URL"
    static let total = 90

    /// The child's clock: 7 minutes into bar 1100; after `n` iterations, one grace after bar
    /// 1100 + n − 1 closed.
    static func clock(afterIterations n: Int) -> ManualClock {
        ManualClock(now: n == 0 ? X.openTime(1_100) + 7 * 60_000 : X.openTime(1_100 + n) + H.grace)
    }

    static func trader(baseURL: String, directory: String, clock: ManualClock, journal: JournalLocation)
        throws -> PaperTrader
    {
        var config = H.config()
        config.baseURL = baseURL
        config.marketStore = directory + "/market"
        let feed = try LiveFeed(config: config, symbols: H.symbols, interval: X.interval, clock: clock)
        return try LiveTraderTests.trader(feed, journal: journal)
    }

    /// The child: runs only when the parent sets the variables.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[directoryVariable] != nil))
    func childTradesLiveUntilKilled() throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = try #require(environment[Self.directoryVariable])
        let url = try #require(environment[Self.urlVariable])
        let trader = try Self.trader(
            baseURL: url, directory: directory, clock: Self.clock(afterIterations: 0),
            journal: .file(directory + "/journal.sqlite"))
        // Slow the loop a little so the kill lands mid-run (at any point of an iteration).
        try trader.run(maxIterations: 1_000) { _ in usleep(2_000) }
    }

    @Test(.enabled(if: CommandLine.arguments[0].hasSuffix(".xctest")))
    func killedLiveTraderResumesToTheUninterruptedResult() throws {
        let exchange = try FakeExchange(clock: nil)
        defer { exchange.server.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kilo-live-kill-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = directory + "/journal.sqlite"

        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = [
            "--testing-library", "swift-testing", "--filter", "LiveKillTests/childTradesLiveUntilKilled",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.directoryVariable] = directory
        environment[Self.urlVariable] = exchange.baseURL
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let wasRunning = KillChild.whenJournal(child, atPath: journal, reaches: 30, timeout: 60)
        #expect(wasRunning, "the child finished before it could be killed")
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)

        let done = try TradingJournal.iterationCount(atPath: journal)
        #expect(done >= 30 && done < Self.total)
        let resumed = try Self.trader(
            baseURL: exchange.baseURL, directory: directory, clock: Self.clock(afterIterations: done),
            journal: .file(journal))
        #expect(resumed.status().iterations == done)
        try resumed.run(maxIterations: Self.total - done)

        let reference = try Self.trader(
            baseURL: exchange.baseURL, directory: directory + "/reference",
            clock: Self.clock(afterIterations: 0), journal: .memory)
        try reference.run(maxIterations: Self.total)
        #expect(resumed.status().iterations == Self.total)
        #expect(!reference.fills.isEmpty)
        #expect(resumed.fills == reference.fills)
        #expect(resumed.portfolio == reference.portfolio)
        #expect(resumed.pendingOrders == reference.pendingOrders)
        #expect(
            try resumed.equityCurve().map(\.equity.bitPattern)
                == reference.equityCurve().map(\.equity.bitPattern))
        // The market store holds every bar once, without holes.
        let stored = try #require(
            try MarketStore(directory: directory + "/market").series(symbol: "BTCEUR", interval: X.interval))
        #expect(stored.timestamps == (900..<(1_100 + Self.total)).map(X.openTime))
        resumed.close()
    }
}
