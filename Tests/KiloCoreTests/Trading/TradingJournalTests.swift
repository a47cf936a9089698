import Foundation
import Testing

@testable import KiloCore

/// Persistence: resume after a dropped trader, pending orders, parity of journaled and in-memory runs.
@Suite struct TradingJournalTests {
    typealias F = TradingFixtures
    static let symbols = ["BTCEUR", "ETHEUR", "ADAEUR"]

    func makeTrader(_ series: [BarSeries], _ journal: JournalLocation) throws -> PaperTrader {
        try F.trader(
            series, config: F.config(), start: 40, sources: F.momentumSources, journal: journal)
    }

    @Test func aDroppedTraderResumesExactlyWithItsPendingOrders() throws {
        let series = try F.realSeries(Self.symbols, count: 500)
        let reference = try makeTrader(series, .memory)
        try reference.run()
        let path = F.temporaryJournal("resume")
        defer {
            try? FileManager.default.removeItem(
                atPath: (path as NSString).deletingLastPathComponent)
        }
        var stoppedAt = 0
        var pending: [Order] = []
        var portfolio: Portfolio?
        do {
            // The "crash": the trader is dropped without close() mid-run, right after an iteration
            // that left orders pending.
            let first = try makeTrader(series, .file(path))
            while try first.step() != nil {
                if first.status().iterations >= 100, !first.pendingOrders.isEmpty { break }
            }
            stoppedAt = first.status().iterations
            pending = first.pendingOrders
            portfolio = first.portfolio
        }
        #expect(!pending.isEmpty && stoppedAt < 460)
        let resumed = try makeTrader(series, .file(path))
        #expect(resumed.status().iterations == stoppedAt)
        #expect(resumed.pendingOrders == pending)
        #expect(resumed.portfolio == portfolio)
        try resumed.run()
        #expect(resumed.fills == reference.fills)
        #expect(resumed.portfolio == reference.portfolio)
        let a = try resumed.equityCurve()
        let b = try reference.equityCurve()
        #expect(a.map(\.barTime) == b.map(\.barTime))
        #expect(a.map(\.equity.bitPattern) == b.map(\.equity.bitPattern))
        resumed.close()
    }

    @Test func steppingAndBacktestingGiveIdenticalFills() throws {
        let series = try F.realSeries(Self.symbols, count: 400)
        let path = F.temporaryJournal("parity")
        defer {
            try? FileManager.default.removeItem(
                atPath: (path as NSString).deletingLastPathComponent)
        }
        let stepper = try makeTrader(series, .file(path))
        var equity: [Double] = []
        while true {
            let reports = try stepper.step(7)
            equity += reports.map(\.equity)
            if reports.count < 7 { break }
        }
        let backtest = try Backtest.run(
            config: F.config(), series: series,
            symbols: Self.symbols.map {
                TradedSymbol(symbol: $0, sources: F.momentumSources($0), referenceVolatility: 0)
            },
            from: series[0].timestamps[40])
        #expect(!backtest.fills.isEmpty)
        #expect(stepper.fills == backtest.fills)
        #expect(equity.map(\.bitPattern) == backtest.equity.map(\.strategy.bitPattern))
        // The journal's curve with buy-and-hold equals the backtest's.
        #expect(try stepper.equityPoints() == backtest.equity)
        stepper.close()
    }

    @Test func aJournalOfOtherSymbolsIsRefused() throws {
        let path = F.temporaryJournal("mismatch")
        defer {
            try? FileManager.default.removeItem(
                atPath: (path as NSString).deletingLastPathComponent)
        }
        let a = try F.trader([F.flat("AAA", count: 3)], config: F.config(), journal: .file(path))
        _ = try a.step()
        a.close()
        #expect(throws: TradingError.self) {
            try F.trader([F.flat("BBB", count: 3)], config: F.config(), journal: .file(path))
        }
        #expect(try TradingJournal.iterationCount(atPath: path) == 1)
    }

    @Test func resetErasesTheFile() throws {
        let path = F.temporaryJournal("reset")
        defer {
            try? FileManager.default.removeItem(
                atPath: (path as NSString).deletingLastPathComponent)
        }
        let a = try F.trader([F.flat("AAA", count: 5)], config: F.config(), journal: .file(path))
        _ = try a.step(3)
        try a.reset()
        a.close()
        let b = try F.trader([F.flat("AAA", count: 5)], config: F.config(), journal: .file(path))
        #expect(b.status().iterations == 0 && b.status().nextBarTime == F.t0)
        b.close()
    }
}
