import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real `kill -9`: this test binary is started again as a child that trades into a journal
/// file, is killed with SIGKILL mid-run, and the parent resumes the journal and compares the
/// result with an uninterrupted run.
@Suite struct TraderKillTests {
    typealias F = TradingFixtures
    static let variable = "KILO_TRADER_KILL_JOURNAL"
    static let symbols = ["BTCEUR", "ETHEUR", "ADAEUR", "DOTEUR", "LINKEUR"]

    static func makeTrader(_ journal: JournalLocation) throws -> PaperTrader {
        let series = try F.realSeries(symbols, count: 1_400)
        return try F.trader(
            series, config: F.config(), start: 100, sources: F.momentumSources, journal: journal)
    }

    /// The child: runs only when the parent sets the variable.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[variable] != nil))
    func childTradesUntilKilled() throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.variable])
        let trader = try Self.makeTrader(.file(path))
        // Slow the loop a little so the parent's kill lands mid-run (at any point of an iteration).
        try trader.run { _ in usleep(500) }
    }

    /// Needs the test binary itself to be executable (Linux `swift test`: `*.xctest`); elsewhere
    /// (macOS runs tests inside `xctest`) the in-process resume test in `TradingJournalTests` remains.
    @Test(.enabled(if: CommandLine.arguments[0].hasSuffix(".xctest")))
    func killedMidRunResumesToTheUninterruptedResult() throws {
        let path = F.temporaryJournal("killed")
        defer {
            try? FileManager.default.removeItem(
                atPath: (path as NSString).deletingLastPathComponent)
        }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = [
            "--testing-library", "swift-testing", "--filter",
            "TraderKillTests/childTradesUntilKilled",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.variable] = path
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let wasRunning = KillChild.whenJournal(child, atPath: path, reaches: 150, timeout: 120)
        #expect(wasRunning, "the child finished before it could be killed")
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)

        let resumed = try Self.makeTrader(.file(path))
        let done = resumed.status().iterations
        #expect(done >= 150 && done < 1_300)
        try resumed.run()
        let reference = try Self.makeTrader(.memory)
        try reference.run()
        #expect(resumed.status().iterations == reference.status().iterations)
        #expect(resumed.fills == reference.fills)
        #expect(resumed.portfolio == reference.portfolio)
        #expect(
            try resumed.equityCurve().map(\.equity.bitPattern)
                == reference.equityCurve().map(\.equity.bitPattern))
        resumed.close()
    }
}
