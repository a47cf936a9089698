/// The trader's mutable state; `iterate` computes the next state and what to journal.
struct TraderState {
    var portfolio: Portfolio
    var fills: [Fill] = []
    var pendingOrders: [Order] = []
    /// The last valid close per symbol.
    var marks: [String: Double] = [:]
    var iteration = 0
    var peakEquity: Double
    var isHalted = false
    var lastBarTime: Int64?
    var nextOrderID = 1
    var nextFillID = 1

    init(initialBalance: Double) {
        portfolio = Portfolio(initialBalance: initialBalance)
        peakEquity = initialBalance
    }

    /// Rebuilds the state from a journal: positions from its fills, the rest from the last row.
    init(resuming saved: JournalState, initialBalance: Double) throws(TradingError) {
        portfolio = try Portfolio(initialBalance: initialBalance, fills: saved.fills)
        fills = saved.fills
        pendingOrders = saved.pendingOrders
        marks = saved.marks
        peakEquity = saved.lastIteration?.peakEquity ?? initialBalance
        iteration = saved.lastIteration?.iteration ?? 0
        isHalted = saved.lastIteration?.isHalted ?? false
        lastBarTime = saved.lastIteration?.barTime
        nextOrderID = saved.nextOrderID
        nextFillID = saved.nextFillID
    }

    /// One iteration over `snapshot`.
    mutating func iterate(
        snapshot: MarketSnapshot, feed: any MarketFeed, setups: [String: TradedSymbol],
        config: TradingConfig,
        broker: SimulatedBroker
    ) throws(TradingError) -> (IterationReport, IterationRecord) {
        iteration += 1
        let symbols = feed.symbols
        var steps = symbols.map {
            SymbolStep(symbol: $0, barTime: snapshot.bars[$0]?.openTime, action: .skipped)
        }
        var valid: [String: RevealedBar] = [:]
        var histories: [String: BarSeries] = [:]
        for (i, symbol) in symbols.enumerated() {
            guard let history = feed.history(of: symbol) else {
                steps[i].reason = "no history"
                continue
            }
            if let rejection = BarCheck.rejection(
                of: snapshot.bars[symbol], in: history, expectedOpenTime: snapshot.expectedOpenTime,
                clock: snapshot.clock, interval: feed.interval)
            {
                steps[i].reason = rejection.description
            } else if let bar = snapshot.bars[symbol] {
                valid[symbol] = bar
                histories[symbol] = history
            }
        }
        let index = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($1, $0) })

        // Orders decided at the previous bar fill at this bar's open: sells first (they free cash).
        var newFills: [Fill] = []
        var cancellations: [(orderID: Int, note: String)] = []
        let ordered = pendingOrders.sorted {
            ($0.side == .sell ? 0 : 1, $0.id) < ($1.side == .sell ? 0 : 1, $1.id)
        }
        for var order in ordered {
            let i = index[order.symbol]
            guard let bar = valid[order.symbol] else {
                order.status = .cancelled
                order.note =
                    "no valid bar to fill at (\(i.map { steps[$0].reason } ?? "symbol left the feed"))"
                cancellations.append((order.id, order.note))
                if let i { steps[i].cancelledOrder = order }
                continue
            }
            switch broker.execute(
                order, at: bar, cash: portfolio.cash, held: portfolio.quantity(of: order.symbol),
                fillID: nextFillID,
                iteration: iteration)
            {
            case .filled(let fill):
                try portfolio.apply(fill)
                newFills.append(fill)
                nextFillID += 1
                if let i { steps[i].fill = fill }
            case .cancelled(let note):
                order.status = .cancelled
                order.note = note
                cancellations.append((order.id, note))
                if let i { steps[i].cancelledOrder = order }
            }
        }
        fills.append(contentsOf: newFills)
        pendingOrders = []

        for (i, symbol) in symbols.enumerated() {
            if let bar = valid[symbol] {
                marks[symbol] = bar.close
                steps[i].close = bar.close
            }
        }
        let equity = portfolio.equity(marks: marks)
        peakEquity = max(peakEquity, equity)
        if equity <= peakEquity * (1 - config.maxDrawdown) { isHalted = true }

        var decider = Decider(
            config: config, equity: equity, availableCash: portfolio.cash,
            heldOrPending: Set(portfolio.positions.keys), isHalted: isHalted,
            interval: feed.interval)
        var newOrders: [Order] = []
        for (i, symbol) in symbols.enumerated() {
            guard let bar = valid[symbol], let history = histories[symbol],
                let setup = setups[symbol]
            else { continue }
            if let (side, quantity, reason) = decider.decide(
                &steps[i], bar: bar, history: history, setup: setup,
                position: portfolio.positions[symbol])
            {
                let order = Order(
                    id: nextOrderID, symbol: symbol, side: side, quantity: quantity, reason: reason,
                    iteration: iteration, decidedAtBar: bar.openTime)
                nextOrderID += 1
                newOrders.append(order)
                steps[i].order = order
            }
        }
        pendingOrders = newOrders
        try portfolio.checkIdentity(marks: marks, iteration: iteration)

        lastBarTime = snapshot.expectedOpenTime
        let row = IterationRow(
            iteration: iteration, barTime: snapshot.expectedOpenTime, clock: snapshot.clock,
            cursor: feed.cursor,
            cash: portfolio.cash, equity: equity, peakEquity: peakEquity, isHalted: isHalted)
        let report = IterationReport(
            iteration: iteration, clock: snapshot.clock, barTime: snapshot.expectedOpenTime,
            symbols: steps,
            cash: portfolio.cash, equity: equity, peakEquity: peakEquity, isHalted: isHalted,
            hasOpenPosition: !portfolio.positions.isEmpty)
        let record = IterationRecord(
            row: row, steps: steps, newOrders: newOrders, fills: newFills,
            cancellations: cancellations)
        return (report, record)
    }
}
