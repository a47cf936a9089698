/// One traded symbol: its model sources and the reference volatility of its training data.
public struct TradedSymbol {
    /// The exchange symbol.
    public var symbol: String
    /// Asked in order each iteration; their predictions are merged (first source naming a model wins).
    public var sources: [any SignalSource]
    /// `Volatility.reference` over the symbol's training bars (a non-positive value leaves the
    /// threshold's volatility multiplier at 1).
    public var referenceVolatility: Double
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
    /// What building its sources said (set by `Engine.paperTrader`).
    public internal(set) var setupNotes = TraderSetupNotes()
    private var feed: any MarketFeed
    private let setups: [String: TradedSymbol]
    private let journal: TradingJournal
    private let broker: SimulatedBroker
    private var state: TraderState
    /// The feed's cursor when the trader was created: where a new or reset journal starts.
    private var startCursor: Int64

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
    ///   - claim: take the journal's lock now (`kilo trade`); otherwise the first `step` or
    ///     `reset` takes it, and until then the trader only reads (`refresh`).
    /// - Throws: `TradingError.invalidFeed` for a feed symbol without a `TradedSymbol`,
    ///   `.journalMismatch` naming the first key (symbols, interval or a `trading` parameter)
    ///   that differs from the journal's, `.notAJournal` for a file that is not a Kilo journal,
    ///   `.journalInUse` when `claim` finds another owner, `.journal` for SQLite failures.
    public init(
        config: TradingConfig, feed: any MarketFeed, symbols: [TradedSymbol],
        journal location: JournalLocation, claim: Bool = false
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
        journal = try TradingJournal(location, claim: claim)
        startCursor = feed.cursor
        state = TraderState(initialBalance: config.initialBalance)
        try reload()
    }

    /// Opens the journal at `config.statePath` (`step`, `kilo trade`): see
    /// `init(config:feed:symbols:journal:claim:)`.
    public convenience init(
        config: TradingConfig, feed: any MarketFeed, symbols: [TradedSymbol], claim: Bool = false
    ) throws(TradingError) {
        try self.init(
            config: config, feed: feed, symbols: symbols, journal: .file(config.statePath), claim: claim)
    }

    /// Reads the journal's state (a new or erased journal gets this trader's meta and starts at
    /// the original start) and seeks the feed to its cursor.
    private func reload() throws(TradingError) {
        let saved = try journal.load()
        let meta = JournalMeta.entries(config: config, feed: feed, startCursor: startCursor)
        if saved.meta.isEmpty {
            try journal.writeMeta(meta)
            state = TraderState(initialBalance: config.initialBalance)
            try feed.seek(to: startCursor)
            return
        }
        try JournalMeta.check(saved: saved.meta, current: meta, path: journalLocation.path)
        // Journals written before the parameters were recorded adopt this trader's.
        let missing = meta.filter { saved.meta[$0.key] == nil && $0.key != JournalMeta.startCursor }
        if !missing.isEmpty { try journal.writeMeta(missing) }
        state = try TraderState(resuming: saved, initialBalance: config.initialBalance)
        startCursor = saved.meta[JournalMeta.startCursor].flatMap { Int64($0) } ?? startCursor
        try feed.seek(to: saved.lastIteration?.cursor ?? startCursor)
    }

    /// Takes the journal's lock (once) and re-reads the journal, so what another writer added
    /// before is the starting point; `step` and `reset` call it when needed.
    /// - Throws: `TradingError.journalInUse` with the owner's PID.
    public func claimJournal() throws(TradingError) {
        guard !journal.isClaimed else { return }
        try journal.claim()
        try reload()
    }

    /// Whether this trader holds its journal's lock (always, in memory).
    public var ownsJournal: Bool { journal.isClaimed }

    /// Re-reads the journal unless this trader owns it (an owner's state is the journal's), so a
    /// reader shows what another process has written since.
    public func refresh() throws(TradingError) {
        guard !journal.isClaimed else { return }
        try reload()
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
        try claimJournal()
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
        try claimJournal()
        try journal.erase()
        try reload()
    }
}
