import Foundation

/// Performance of one equity curve.
public struct PerformanceMetrics: Sendable, Equatable {
    /// `last / first − 1`.
    public var totalReturn: Double
    /// `(last / first)^(barsPerYear / periods) − 1` (0 for a single point).
    public var cagr: Double
    /// `mean(r) / std(r) × √barsPerYear`, `r` the per-bar returns, sample std (0 when std is 0).
    public var sharpe: Double
    /// `mean(r) / √mean(min(r, 0)²) × √barsPerYear` (0 when no return is negative).
    public var sortino: Double
    /// The largest `1 − equity / running peak`.
    public var maxDrawdown: Double
    /// Share of closed trades (sells) with positive net P&L; `nil` without closed trades.
    public var winRate: Double?
    /// Gross net profits / gross net losses of closed trades; `nil` without closed trades,
    /// infinity without a loss.
    public var profitFactor: Double?
    /// Fills.
    public var trades: Int
    /// Share of bars that ended with an open position.
    public var exposure: Double
    /// Fees paid.
    public var fees: Double

    /// Computes the metrics of `equity` (the starting equity first, then one value per bar).
    ///
    /// - Parameters:
    ///   - equity: at least one value, all positive.
    ///   - barsPerYear: `interval.barsPerYear` of the bars.
    ///   - closedTrades: net P&L per closed trade.
    ///   - trades: fills.
    ///   - exposure: share of bars in the market.
    ///   - fees: fees paid.
    /// - Complexity: O(equity.count).
    public init(
        equity: [Double], barsPerYear: Double, closedTrades: [Double] = [], trades: Int = 0,
        exposure: Double = 0,
        fees: Double = 0
    ) {
        precondition(!equity.isEmpty, "PerformanceMetrics.init: empty equity curve")
        let first = equity[0]
        let last = equity[equity.count - 1]
        let periods = equity.count - 1
        totalReturn = last / first - 1
        cagr = periods > 0 ? Foundation.pow(last / first, barsPerYear / Double(periods)) - 1 : 0
        var returns: [Double] = []
        returns.reserveCapacity(periods)
        for i in 1..<max(1, equity.count) { returns.append(equity[i] / equity[i - 1] - 1) }
        let n = Double(returns.count)
        let mean = returns.isEmpty ? 0 : returns.reduce(0, +) / n
        let variance =
            returns.count > 1 ? returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        let std = variance.squareRoot()
        let annual = barsPerYear.squareRoot()
        sharpe = std > 0 ? mean / std * annual : 0
        let downside =
            returns.isEmpty
            ? 0 : (returns.reduce(0) { $0 + min($1, 0) * min($1, 0) } / n).squareRoot()
        sortino = downside > 0 ? mean / downside * annual : 0
        var peak = first
        var worst = 0.0
        for value in equity {
            peak = max(peak, value)
            worst = max(worst, 1 - value / peak)
        }
        maxDrawdown = worst
        if closedTrades.isEmpty {
            winRate = nil
            profitFactor = nil
        } else {
            winRate = Double(closedTrades.filter { $0 > 0 }.count) / Double(closedTrades.count)
            let wins = closedTrades.filter { $0 > 0 }.reduce(0, +)
            let losses = -closedTrades.filter { $0 < 0 }.reduce(0, +)
            profitFactor = losses > 0 ? wins / losses : (wins > 0 ? .infinity : nil)
        }
        self.trades = trades
        self.exposure = exposure
        self.fees = fees
    }
}

/// A backtest's result: the strategy beside buy-and-hold on the same bars.
public struct PerformanceReport: Sendable, Equatable {
    /// The paper trader's metrics.
    public var strategy: PerformanceMetrics
    /// Equal-weight buy-and-hold of the same symbols, bought at the first bar's close without
    /// costs and marked at each bar's close (exposure 1, one trade per symbol).
    public var buyAndHold: PerformanceMetrics
    /// Bars (iterations) in the window.
    public var bars: Int
    /// Open time of the first and last bar.
    public var startTime: Int64
    /// See `startTime`.
    public var endTime: Int64
    /// The bar interval (annualisation uses `interval.barsPerYear`).
    public var interval: BarInterval
}
