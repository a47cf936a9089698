/// Cash, positions and running totals, changed only by applying fills (so it can always be
/// rebuilt from the journal's fills).
public struct Portfolio: Sendable, Equatable {
    /// The starting cash.
    public let initialBalance: Double
    /// Cash in the quote currency.
    public internal(set) var cash: Double
    /// Positions by symbol; flat positions are removed.
    public private(set) var positions: [String: Position] = [:]
    /// Fees paid.
    public private(set) var fees: Double = 0
    /// Slippage paid, `Σ quantity × |price − open|`.
    public private(set) var slippage: Double = 0
    /// FIFO realised P&L before fees.
    public private(set) var realizedPnL: Double = 0
    /// Net P&L of each sell (gross minus its fee and the consumed buys' fees), in order.
    public private(set) var closedTrades: [Double] = []
    /// Fills applied.
    public private(set) var fillCount = 0

    /// A portfolio holding only `initialBalance` cash.
    public init(initialBalance: Double) {
        self.initialBalance = initialBalance
        cash = initialBalance
    }

    /// The portfolio the fills lead to, applied in order.
    /// - Throws: `TradingError.oversell` for an impossible sell.
    public init(initialBalance: Double, fills: [Fill]) throws(TradingError) {
        self.init(initialBalance: initialBalance)
        for fill in fills { try apply(fill) }
    }

    /// Applies one fill: buys pay `value + fee`, sells receive `value − fee`.
    /// - Throws: `TradingError.oversell` when a sell exceeds the position.
    @discardableResult
    public mutating func apply(_ fill: Fill) throws(TradingError) -> Realization {
        var position = positions[fill.symbol] ?? Position(symbol: fill.symbol)
        let realization = try position.apply(fill)
        switch fill.side {
        case .buy: cash -= fill.value + fill.fee
        case .sell:
            cash += fill.value - fill.fee
            realizedPnL += realization.gross
            closedTrades.append(realization.net)
        }
        positions[fill.symbol] = position.isFlat ? nil : position
        fees += fill.fee
        slippage += fill.slippageCost
        fillCount += 1
        return realization
    }

    /// The quantity held of `symbol`.
    public func quantity(of symbol: String) -> Double { positions[symbol]?.quantity ?? 0 }

    /// `Σ quantity × mark` over positions, symbols in sorted order (bit-reproducible).
    /// - Parameter marks: the latest close per symbol; a missing mark values at the average price.
    public func positionsValue(marks: [String: Double]) -> Double {
        positions.keys.sorted().reduce(0) { sum, symbol in
            guard let p = positions[symbol] else { return sum }
            return sum + p.marketValue(at: marks[symbol] ?? p.averagePrice)
        }
    }

    /// `cash + positionsValue(marks:)`.
    public func equity(marks: [String: Double]) -> Double { cash + positionsValue(marks: marks) }

    /// The ledger's view of equity: `initial + realised + unrealised − fees`, computed without
    /// cash, for the equity identity.
    public func ledgerEquity(marks: [String: Double]) -> Double {
        let unrealized = positions.keys.sorted().reduce(0.0) { sum, symbol in
            guard let p = positions[symbol] else { return sum }
            return sum + p.unrealizedPnL(at: marks[symbol] ?? p.averagePrice)
        }
        return initialBalance + realizedPnL + unrealized - fees
    }

    /// Checks `cash + positions = initial + realised + unrealised − fees` (relative tolerance
    /// 1e-9 of the initial balance) and `cash ≥ 0`.
    /// - Throws: `TradingError.equityIdentityViolated` or `.negativeCash`.
    public func checkIdentity(marks: [String: Double], iteration: Int) throws(TradingError) {
        let value = positionsValue(marks: marks)
        let ledger = ledgerEquity(marks: marks)
        if !(abs(cash + value - ledger) <= 1e-9 * max(initialBalance, abs(ledger))) {
            throw .equityIdentityViolated(
                iteration: iteration, cash: cash, positionsValue: value, ledgerEquity: ledger)
        }
        if cash < -1e-9 * initialBalance { throw .negativeCash(iteration: iteration, cash: cash) }
    }
}
