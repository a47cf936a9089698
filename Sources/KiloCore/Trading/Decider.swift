/// Turns one symbol's bar, predictions and position into an order (or a reason to hold).
struct Decider {
    let config: TradingConfig
    /// Equity at this iteration's closes (sizes buys).
    let equity: Double
    /// Cash not yet promised to buys placed this iteration.
    var availableCash: Double
    /// Symbols held or with a buy placed this iteration (for `max_positions`).
    var heldOrPending: Set<String>
    let isHalted: Bool
    let interval: BarInterval

    /// Fills `step`'s predictions, ensemble, threshold, signal, action and reason; returns the
    /// order to place, if any.
    mutating func decide(
        _ step: inout SymbolStep, bar: RevealedBar, history: BarSeries, setup: TradedSymbol,
        position: Position?
    ) -> (OrderSide, Double, OrderReason)? {
        var sourceError: String?
        let units = position?.quantity ?? 0
        let held = position.flatMap { $0.entryBarTime }.map { Int((bar.openTime - $0) / interval.milliseconds) } ?? 0
        let account = AccountSnapshot(
            cash: equity - units * bar.close, units: units, entryPrice: units > 0 ? (position?.averagePrice ?? 0) : 0,
            barsInPosition: units > 0 ? max(0, held) : 0)
        for source in setup.sources where bar.index >= source.warmupBars {
            do {
                let answer = try source.predictions(
                    for: setup.symbol, bars: history, upTo: bar.index, account: account)
                for model in ModelKind.allCases where step.predictions[model] == nil {
                    if let value = answer[model] { step.predictions[model] = value }
                }
            } catch {
                sourceError = "\(error)"
                break
            }
        }
        let ensemble =
            sourceError == nil
            ? Ensemble.combine(step.predictions, weights: config.modelWeights) : nil
        let recent = Volatility.recent(
            close: history.close, endingAt: bar.index, window: config.volatilityWindow)
        let threshold = SignalThreshold.value(
            base: config.baseThreshold(for: setup.symbol), roundTripCost: config.roundTripCost,
            recentVolatility: recent, referenceVolatility: setup.referenceVolatility)
        step.ensemble = ensemble
        step.threshold = threshold
        step.signal = ensemble.map { TradeSignal(ensemble: $0, threshold: threshold) }

        if let position, let exit = exitReason(position, bar: bar) {
            step.action = .sell
            step.reason = exit.rawValue
            return (.sell, position.quantity, exit)
        }
        if let sourceError {
            step.action = .skipped
            step.reason = "signal source failed: \(sourceError)"
            return nil
        }
        step.action = .hold
        switch step.signal {
        case nil:
            step.reason =
                step.predictions.isEmpty
                ? "no model predictions (warming up or none loaded)" : "no weighted model"
            return nil
        case .hold?:
            return nil
        case .sell?:
            guard let position else {
                step.reason = "nothing to sell"
                return nil
            }
            step.action = .sell
            return (.sell, position.quantity, .signal)
        case .buy?:
            return buy(&step, bar: bar, position: position)
        }
    }

    private func exitReason(_ position: Position, bar: RevealedBar) -> OrderReason? {
        let average = position.averagePrice
        if bar.close <= average * (1 - config.stopLoss) { return .stopLoss }
        if bar.close >= average * (1 + config.takeProfit) { return .takeProfit }
        if let entry = position.entryBarTime,
            (bar.openTime - entry) / interval.milliseconds >= Int64(config.positionTimeoutBars)
        {
            return .timeout
        }
        return nil
    }

    private mutating func buy(
        _ step: inout SymbolStep, bar: RevealedBar, position: Position?
    ) -> (OrderSide, Double, OrderReason)? {
        if isHalted {
            step.reason = "entries halted: drawdown reached max_drawdown \(config.maxDrawdown)"
            return nil
        }
        if position == nil, heldOrPending.count >= config.maxPositions {
            step.reason = "max_positions \(config.maxPositions) reached"
            return nil
        }
        let held = position?.marketValue(at: bar.close) ?? 0
        let costRate = 1 + config.fee + config.slippage
        let value = min(config.maxPositionSize * equity - held, availableCash / costRate)
        guard value >= config.minTradeValue, value > 0 else {
            step.reason =
                held > 0 && config.maxPositionSize * equity - held < config.minTradeValue
                ? "position at max_position_size" : "order below min_trade_value"
            return nil
        }
        availableCash -= value * costRate
        heldOrPending.insert(step.symbol)
        step.action = .buy
        return (.buy, value / bar.close, .signal)
    }
}
