import Testing

@testable import KiloCore

@Suite struct PerformanceReportTests {
    @Test func metricsMatchHandComputedValues() {
        // Returns 0.1, −0.1, 0.2222…; 4 bars per year. Values from Python's statistics module.
        let m = PerformanceMetrics(equity: [100, 110, 99, 121], barsPerYear: 4)
        #expect(abs(m.totalReturn - 0.21) < 1e-12)
        #expect(abs(m.cagr - 0.289378706487599) < 1e-12)  // 1.21^(4/3) − 1
        #expect(abs(m.sharpe - 0.9107388804975745) < 1e-12)
        #expect(abs(m.sortino - 2.56600119639834) < 1e-12)
        #expect(abs(m.maxDrawdown - 0.1) < 1e-12)  // 1 − 99/110
    }

    @Test func tradeStatistics() {
        let m = PerformanceMetrics(
            equity: [100, 100], barsPerYear: 17_520, closedTrades: [10, -5, 0, 20], trades: 8,
            exposure: 0.25, fees: 1.5)
        #expect(m.winRate == 0.5)
        #expect(m.profitFactor == 6)
        #expect(m.trades == 8 && m.exposure == 0.25 && m.fees == 1.5)
        #expect(m.sharpe == 0 && m.sortino == 0 && m.totalReturn == 0)
        #expect(
            PerformanceMetrics(equity: [1, 2], barsPerYear: 1, closedTrades: [1]).profitFactor
                == .infinity)
        #expect(PerformanceMetrics(equity: [1], barsPerYear: 1).winRate == nil)
        #expect(PerformanceMetrics(equity: [1], barsPerYear: 1).cagr == 0)
    }

    @Test func annualisationUsesTheBarInterval() {
        let equity = [100.0, 101, 100.5, 102, 101]
        let halfHour = PerformanceMetrics(
            equity: equity, barsPerYear: BarInterval(seconds: 1_800).barsPerYear)
        let daily = PerformanceMetrics(
            equity: equity, barsPerYear: BarInterval(seconds: 86_400).barsPerYear)
        #expect(abs(halfHour.sharpe / daily.sharpe - 48.0.squareRoot()) < 1e-9)
    }
}
