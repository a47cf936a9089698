/// One traded symbol: its model sources and the reference volatility of its training data.
public struct TradedSymbol {
    /// The exchange symbol.
    public var symbol: String
    /// Asked in order each iteration; their predictions are merged (first source naming a model wins).
    public var sources: [any SignalSource]
    /// `Volatility.reference` over the symbol's training bars (a non-positive value leaves the
    /// threshold's volatility multiplier at 1).
    public var referenceVolatility: Double

    /// Describes one symbol.
    public init(symbol: String, sources: [any SignalSource], referenceVolatility: Double) {
        self.symbol = symbol
        self.sources = sources
        self.referenceVolatility = referenceVolatility
    }
}

/// The paper trader: one loop for `step`, `kilo trade` and backtests.
///
/// Each iteration reveals the next closed bar of every symbol, fills the orders decided one bar
/// earlier at this bar's open (`SimulatedBroker`), marks positions at the closes, applies the
/// risk rules, asks each symbol's sources, ensembles, thresholds, and places orders that fill at
/// the next open; then checks the equity identity and journals everything in one transaction.
/// Cash and positions are only ever changed by applying fills, and a reopened journal rebuilds
/// them from its fills, so a resumed trader continues bit for bit where it stopped.
///
/// Risk rules, evaluated at each valid bar's close for an open position (the exit fills at the
/// next bar's open, like every order): stop-loss (`close ≤ avg × (1 − stop_loss)`), take-profit
/// (`close ≥ avg × (1 + take_profit)`), timeout (oldest lot held `position_timeout_bars` by bar
/// time). Entries halt for good (until `reset`) once equity falls `max_drawdown` below its peak;
/// at most `max_positions` symbols are held or have a pending buy.
public final class PaperTrader {
    /// The `trading` section it runs with.
    public let config: TradingConfig
    /// The journal's location.
    public let journalLocation: JournalLocation
    private var feed: any MarketFeed
    private let setups: [String: TradedSymbol]
    private let journal: TradingJournal
    private let broker: SimulatedBroker
    private var state: TraderState
    private let startCursor: Int64

    /// Opens (or creates) the journal and resumes from it, or starts at the feed's cursor.
    ///
    /// A journal that already holds iterations resumes at its own cursor (the feed's start is
    /// only used for a new or reset journal), with its pending orders, positions (rebuilt from
    /// its fills), marks, peak equity and halt.
    ///
    /// - Parameters:
    ///   - config: the `trading` section (validated by the caller).
    ///   - feed: the market feed, positioned at the start (a resumed journal seeks it on).
    ///   - symbols: the sources of every feed symbol.
    ///   - journal: `.file(config.statePath)` for paper trading, `.memory` for backtests.
    /// - Throws: `TradingError.invalidFeed` for a feed symbol without a `TradedSymbol`,
    ///   `.journalMismatch` when the journal was written for other symbols, interval or balance,
    ///   `.journal` for SQLite failures.
    public init(
        config: TradingConfig, feed: any MarketFeed, symbols: [TradedSymbol],
        journal location: JournalLocation
    ) throws(TradingError) {
        self.config = config
        self.feed = feed
        journalLocation = location
        var setups: [String: TradedSymbol] = [:]
        for s in symbols { setups[s.symbol] = s }
        if let missing = feed.symbols.first(where: { setups[$0] == nil }) {
            throw .invalidFeed(reason: "no signal sources given for '\(missing)'")
        }
        self.setups = setups
        broker = SimulatedBroker(config: config)
        journal = try TradingJournal(location)
        let saved = try journal.load()
        let meta = Self.meta(config: config, feed: feed)
        if saved.meta.isEmpty {
            try journal.writeMeta(meta)
            startCursor = feed.cursor
            state = TraderState(initialBalance: config.initialBalance)
            return
        }
        for key in ["symbols", "interval", "initial_balance"] where saved.meta[key] != meta[key] {
            throw .journalMismatch(
                path: location.path,
                reason: "\(key) is '\(saved.meta[key] ?? "")', this trader has '\(meta[key] ?? "")'"
            )
        }
        startCursor = saved.meta["start_cursor"].flatMap { Int64($0) } ?? feed.cursor
        state = try TraderState(resuming: saved, initialBalance: config.initialBalance)
        try self.feed.seek(to: saved.lastIteration?.cursor ?? startCursor)
    }

    /// Opens the journal at `config.statePath` (`step`, `kilo trade`): see
    /// `init(config:feed:symbols:journal:)`.
    public convenience init(config: TradingConfig, feed: any MarketFeed, symbols: [TradedSymbol])
        throws(TradingError)
    {
        try self.init(
            config: config, feed: feed, symbols: symbols, journal: .file(config.statePath))
    }

    private static func meta(config: TradingConfig, feed: any MarketFeed) -> [String: String] {
        [
            "symbols": feed.symbols.joined(separator: ","), "interval": feed.interval.name,
            "initial_balance": "\(config.initialBalance)", "start_cursor": "\(feed.cursor)",
        ]
    }

    /// Closes the journal connection; the trader must not be used afterwards.
    public func close() { journal.close() }

    /// The current portfolio (cash, positions, totals).
    public var portfolio: Portfolio { state.portfolio }

    /// Every fill so far, oldest first.
    public var fills: [Fill] { state.fills }

    /// Orders waiting for the next bar's open.
    public var pendingOrders: [Order] { state.pendingOrders }

    /// Runs one iteration; `nil` when the feed is exhausted (nothing is journaled then).
    /// - Throws: `TradingError.equityIdentityViolated`, `.negativeCash`, `.oversell` (bugs, never
    ///   expected) or `.journal`; the trader's state is unchanged when it throws.
    public func step() throws(TradingError) -> IterationReport? {
        var feed = self.feed
        guard let snapshot = try feed.next() else { return nil }
        var next = state
        let (report, record) = try next.iterate(
            snapshot: snapshot, feed: feed, setups: setups, config: config, broker: broker)
        try journal.append(record)
        self.feed = feed
        state = next
        return report
    }

    /// Runs up to `count` iterations (fewer when the feed runs out).
    /// - Complexity: O(count × symbols × source cost).
    public func step(_ count: Int) throws(TradingError) -> [IterationReport] {
        precondition(count >= 0, "PaperTrader.step(_:): negative count \(count)")
        var reports: [IterationReport] = []
        for _ in 0..<count {
            guard let report = try step() else { break }
            reports.append(report)
        }
        return reports
    }

    /// Runs until the feed is exhausted, `maxIterations` ran, or `cancellation` is set; calls
    /// `progress` after each iteration.
    /// - Returns: the number of iterations run.
    @discardableResult
    public func run(
        maxIterations: Int? = nil, cancellation: CancellationToken = .never,
        progress: (IterationReport) -> Void = { _ in }
    ) throws(TradingError) -> Int {
        var count = 0
        while maxIterations.map({ count < $0 }) ?? true, !cancellation.isCancelled {
            guard let report = try step() else { break }
            progress(report)
            count += 1
        }
        return count
    }

    /// The `portfolio` report: positions marked at their last valid closes.
    public func portfolioReport() -> PortfolioReport {
        let p = state.portfolio
        let positions = p.positions.keys.sorted().compactMap { symbol -> PositionReport? in
            guard let position = p.positions[symbol] else { return nil }
            let mark = state.marks[symbol] ?? position.averagePrice
            return PositionReport(
                symbol: symbol, quantity: position.quantity, averagePrice: position.averagePrice,
                markPrice: mark,
                marketValue: position.marketValue(at: mark),
                unrealizedPnL: position.unrealizedPnL(at: mark),
                entryBarTime: position.entryBarTime ?? 0)
        }
        let equity = p.equity(marks: state.marks)
        return PortfolioReport(
            cash: p.cash, positions: positions, equity: equity, initialBalance: p.initialBalance,
            realizedPnL: p.realizedPnL,
            unrealizedPnL: positions.reduce(0) { $0 + $1.unrealizedPnL },
            fees: p.fees, slippage: p.slippage, peakEquity: state.peakEquity,
            drawdown: state.peakEquity > 0 ? max(0, 1 - equity / state.peakEquity) : 0,
            isHalted: state.isHalted)
    }

    /// The last `count` fills (all when `nil`), oldest first.
    public func trades(last count: Int? = nil) -> [Fill] {
        guard let count else { return state.fills }
        return Array(state.fills.suffix(max(0, count)))
    }

    /// The `trader status` report.
    public func status() -> TraderStatus {
        TraderStatus(
            statePath: journalLocation.path, symbols: feed.symbols, interval: feed.interval,
            iterations: state.iteration, lastBarTime: state.lastBarTime, nextBarTime: feed.cursor,
            isExhausted: feed.isExhausted, pendingOrders: state.pendingOrders,
            openPositions: state.portfolio.positions.count, fills: state.fills.count,
            equity: state.portfolio.equity(marks: state.marks), isHalted: state.isHalted)
    }

    /// The equity after each iteration with its bar's open time, from the journal.
    public func equityCurve() throws(TradingError) -> [(barTime: Int64, equity: Double)] {
        try journal.equityCurve()
    }

    /// The equity curve beside equal-weight buy-and-hold of the same symbols (`BuyAndHold`),
    /// one point per journaled iteration, for `plot equity` after `step` or `kilo trade`.
    public func equityPoints() throws(TradingError) -> [EquityPoint] {
        var benchmark = BuyAndHold(
            initialBalance: config.initialBalance, symbolCount: feed.symbols.count)
        return try journal.equityAndCloses().map { row in
            EquityPoint(
                barTime: row.barTime, strategy: row.equity,
                buyAndHold: benchmark.update(closes: row.closes))
        }
    }

    /// `trader reset`: erases the journal and starts again from the feed's original start with
    /// `initial_balance` cash (the halt is lifted).
    public func reset() throws(TradingError) {
        try journal.erase()
        try feed.seek(to: startCursor)
        try journal.writeMeta(Self.meta(config: config, feed: feed))
        state = TraderState(initialBalance: config.initialBalance)
    }
}
