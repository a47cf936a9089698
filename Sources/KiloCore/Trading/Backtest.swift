/// One point of a backtest's equity curves.
public struct EquityPoint: Sendable, Equatable {
    /// Open time of the bar (the value is at its close).
    public var barTime: Int64
    /// The trader's equity.
    public var strategy: Double
    /// Equal-weight buy-and-hold equity.
    public var buyAndHold: Double
}

/// What `backtest` returns.
public struct BacktestResult: Sendable, Equatable {
    /// Metrics beside buy-and-hold.
    public var report: PerformanceReport
    /// One point per bar, after the starting point (both curves start at `initial_balance`).
    public var equity: [EquityPoint]
    /// Every fill.
    public var fills: [Fill]
    /// The portfolio at the end.
    public var portfolio: Portfolio
    /// What building the sources said (set by `Engine.backtest`).
    public var setupNotes = TraderSetupNotes()
}

/// Backtests: the paper trader's own loop over a window, with an in-memory journal.
public enum Backtest {
    /// Runs the trader from the bar opening at `startTime` through `endTime` (default: the end
    /// of the data) and reports it beside buy-and-hold.
    ///
    /// - Parameters:
    ///   - config: the `trading` section (`state_path` is not used: the journal is in memory).
    ///   - series: one series per symbol, same interval.
    ///   - symbols: the sources of every series' symbol.
    ///   - startTime: first bar's open time (for example the start of the test split).
    ///   - endTime: last bar's open time, inclusive.
    ///   - cancellation: polled between iterations; a cancelled run reports the bars done.
    ///   - progress: called after each iteration.
    /// - Throws: `TradingError.emptyWindow` when no bar lies in the window; trader errors.
    /// - Complexity: O(bars × symbols × source cost).
    public static func run(
        config: TradingConfig, series: [BarSeries], symbols: [TradedSymbol], from startTime: Int64,
        through endTime: Int64? = nil, cancellation: CancellationToken = .never,
        progress: (IterationReport) -> Void = { _ in }
    ) throws(TradingError) -> BacktestResult {
        let feed = try ReplayFeed(series: series, from: startTime, through: endTime)
        let trader = try PaperTrader(config: config, feed: feed, symbols: symbols, journal: .memory)
        defer { trader.close() }
        var buyAndHold = BuyAndHold(
            initialBalance: config.initialBalance, symbolCount: series.count)
        var strategy = [config.initialBalance]
        var benchmark = [config.initialBalance]
        var points: [EquityPoint] = []
        var exposed = 0
        while !cancellation.isCancelled, let report = try trader.step() {
            let hold = buyAndHold.update(report)
            strategy.append(report.equity)
            benchmark.append(hold)
            points.append(
                EquityPoint(barTime: report.barTime, strategy: report.equity, buyAndHold: hold))
            if report.hasOpenPosition { exposed += 1 }
            progress(report)
        }
        guard let first = points.first, let last = points.last else {
            throw .emptyWindow(
                reason: "no bars from \(startTime) through \(endTime.map { "\($0)" } ?? "the end")")
        }
        let portfolio = trader.portfolio
        let interval = series[0].interval
        let bars = points.count
        let report = PerformanceReport(
            strategy: PerformanceMetrics(
                equity: strategy, barsPerYear: interval.barsPerYear,
                closedTrades: portfolio.closedTrades,
                trades: portfolio.fillCount, exposure: Double(exposed) / Double(bars),
                fees: portfolio.fees),
            buyAndHold: PerformanceMetrics(
                equity: benchmark, barsPerYear: interval.barsPerYear,
                trades: buyAndHold.symbolsHeld, exposure: 1),
            bars: bars, startTime: first.barTime, endTime: last.barTime, interval: interval)
        return BacktestResult(
            report: report, equity: points, fills: trader.fills, portfolio: portfolio)
    }
}
