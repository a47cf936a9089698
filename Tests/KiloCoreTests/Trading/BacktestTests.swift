import Foundation
import Testing

@testable import KiloCore

@Suite struct BacktestTests {
    typealias F = TradingFixtures

    @Test func buyAndHoldIsEqualWeightFromTheFirstClose() throws {
        let a = F.series("AAA", closes: [90, 100, 105, 110, 120])
        let b = F.series("BBB", closes: [60, 50, 45, 42, 40])
        let symbols = ["AAA", "BBB"].map {
            TradedSymbol(
                symbol: $0, sources: [ConstantSource(values: [.gru: 0])], referenceVolatility: 0)
        }
        let result = try Backtest.run(
            config: F.config(), series: [a, b], symbols: symbols, from: a.timestamps[1])
        // 5000/100 × 120 + 5000/50 × 40 = 10 000
        #expect(result.equity.first?.buyAndHold == 10_000)
        #expect(abs((result.equity.last?.buyAndHold ?? 0) - 10_000) < 1e-9)
        #expect(abs(result.equity[1].buyAndHold - (50 * 105 + 100 * 45)) < 1e-9)
        #expect(
            result.report.bars == 4 && result.report.startTime == a.timestamps[1]
                && result.report.endTime == a.timestamps[4])
        #expect(result.report.strategy.trades == 0 && result.report.strategy.totalReturn == 0)
        #expect(result.report.buyAndHold.exposure == 1 && result.report.buyAndHold.trades == 2)
    }

    @Test func strategyMetricsComeFromTheTrader() throws {
        let series = try F.realSeries(["BTCEUR", "ETHEUR"], count: 600)
        let symbols = ["BTCEUR", "ETHEUR"].map {
            TradedSymbol(symbol: $0, sources: F.momentumSources($0), referenceVolatility: 0.004)
        }
        let result = try Backtest.run(
            config: F.config(), series: series, symbols: symbols, from: series[0].timestamps[100],
            through: series[0].timestamps[499])
        let r = result.report
        #expect(r.bars == 400 && result.equity.count == 400)
        #expect(r.strategy.trades == result.fills.count && r.strategy.trades > 0)
        #expect(r.strategy.fees == result.portfolio.fees)
        #expect(r.strategy.exposure > 0 && r.strategy.exposure <= 1)
        #expect(r.strategy.winRate != nil)
        let last = try #require(result.equity.last)
        #expect(abs(r.strategy.totalReturn - (last.strategy / 10_000 - 1)) < 1e-12)
        #expect(r.interval == BarInterval(seconds: 1_800))
    }

    @Test func anEmptyWindowThrows() throws {
        let a = F.flat("AAA", count: 3)
        let symbols = [TradedSymbol(symbol: "AAA", sources: [], referenceVolatility: 0)]
        #expect(throws: TradingError.self) {
            try Backtest.run(
                config: F.config(), series: [a], symbols: symbols, from: a.timestamps[2] + 1_800_000
            )
        }
    }

    @Test func cancellationStopsEarly() throws {
        let a = F.flat("AAA", count: 50)
        let token = CancellationToken()
        let symbols = [TradedSymbol(symbol: "AAA", sources: [], referenceVolatility: 0)]
        var seen = 0
        let result = try Backtest.run(
            config: F.config(), series: [a], symbols: symbols, from: a.timestamps[0],
            cancellation: token
        ) { _ in
            seen += 1
            if seen == 10 { token.cancel() }
        }
        #expect(result.report.bars == 10)
    }
}

@Suite struct BacktestDeterminismTests {
    typealias F = TradingFixtures

    @Test func sameInputsGiveTheSameBits() throws {
        let series = try F.realSeries(["ADAEUR", "LINKEUR"], count: 500)
        func run() throws -> BacktestResult {
            try Backtest.run(
                config: F.config(), series: series,
                symbols: ["ADAEUR", "LINKEUR"].map {
                    TradedSymbol(symbol: $0, sources: F.momentumSources($0), referenceVolatility: 0.005)
                }, from: series[0].timestamps[50])
        }
        let a = try run()
        let b = try run()
        #expect(a.fills.count > 0)
        #expect(a == b)
        #expect(a.equity.map(\.strategy.bitPattern) == b.equity.map(\.strategy.bitPattern))
        #expect(a.report.strategy.sharpe.bitPattern == b.report.strategy.sharpe.bitPattern)
    }

    @Test func theConfigInitUsesStatePath() throws {
        let path = F.temporaryJournal("config-path")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var config = F.config()
        config.statePath = path
        let feed = try ReplayFeed(series: [F.flat("AAA", count: 3)], startIndex: 0)
        let trader = try PaperTrader(
            config: config, feed: feed,
            symbols: [TradedSymbol(symbol: "AAA", sources: [], referenceVolatility: 0)])
        _ = try trader.step()
        #expect(trader.status().statePath == path)
        #expect(try TradingJournal.iterationCount(atPath: path) == 1)
        trader.close()
    }
}
