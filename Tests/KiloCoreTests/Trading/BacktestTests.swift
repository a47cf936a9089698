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
