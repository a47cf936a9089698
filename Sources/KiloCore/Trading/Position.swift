/// One buy's remainder, consumed first-in first-out by sells.
public struct Lot: Sendable, Equatable {
    /// Quantity still open.
    public var quantity: Double
    /// The buy's fill price.
    public var price: Double
    /// The buy's fee per unit bought (for round-trip net P&L).
    public var feePerUnit: Double
    /// The open time of the bar the buy filled at.
    public var barTime: Int64
}

/// What closing (part of) a position realised.
public struct Realization: Sendable, Equatable {
    /// `Σ (sell price − lot price) × quantity` over the lots consumed (fees excluded).
    public var gross: Double
    /// `gross` minus the sell's fee and the consumed share of the buys' fees.
    public var net: Double
}

/// A long spot position, rebuilt from fills: FIFO lots of the buys not yet sold.
public struct Position: Sendable, Equatable {
    /// The symbol held.
    public let symbol: String
    /// Open lots, oldest first.
    public private(set) var lots: [Lot] = []

    /// An empty position.
    public init(symbol: String) { self.symbol = symbol }

    /// The quantity held.
    public var quantity: Double { lots.reduce(0) { $0 + $1.quantity } }
    /// Whether nothing is held.
    public var isFlat: Bool { lots.isEmpty }
    /// The quantity-weighted average entry price (0 when flat).
    public var averagePrice: Double {
        let q = quantity
        return q > 0 ? lots.reduce(0) { $0 + $1.quantity * $1.price } / q : 0
    }
    /// The open time of the bar the oldest open lot filled at.
    public var entryBarTime: Int64? { lots.first?.barTime }
    /// `quantity × price`.
    public func marketValue(at price: Double) -> Double {
        lots.reduce(0) { $0 + $1.quantity * price }
    }
    /// `Σ (price − lot price) × lot quantity`.
    public func unrealizedPnL(at price: Double) -> Double {
        lots.reduce(0) { $0 + ($1.quantity * price - $1.quantity * $1.price) }
    }

    /// Applies a fill of this symbol: a buy adds a lot; a sell consumes lots oldest first.
    /// - Returns: what a sell realised (zero for a buy).
    /// - Throws: `TradingError.oversell` when a sell exceeds the quantity held.
    @discardableResult
    public mutating func apply(_ fill: Fill) throws(TradingError) -> Realization {
        precondition(
            fill.symbol == symbol, "Position.apply: fill of '\(fill.symbol)' to '\(symbol)'")
        switch fill.side {
        case .buy:
            lots.append(
                Lot(
                    quantity: fill.quantity, price: fill.price,
                    feePerUnit: fill.fee / fill.quantity,
                    barTime: fill.barTime))
            return Realization(gross: 0, net: 0)
        case .sell:
            let held = quantity
            // Tolerate a last-ulp difference from summing lots; the sell then takes everything.
            if fill.quantity > held * (1 + 1e-12) {
                throw .oversell(symbol: symbol, quantity: fill.quantity, held: held)
            }
            // A sell of (all but rounding of) the whole quantity closes every lot.
            let closesAll = fill.quantity >= held * (1 - 1e-12)
            var remaining = fill.quantity
            var gross = 0.0
            var buyFees = 0.0
            while !lots.isEmpty, closesAll || remaining > 0 {
                let take = closesAll ? lots[0].quantity : min(remaining, lots[0].quantity)
                gross += take * fill.price - take * lots[0].price
                buyFees += take * lots[0].feePerUnit
                remaining -= take
                if take >= lots[0].quantity {
                    lots.removeFirst()
                } else {
                    lots[0].quantity -= take
                }
            }
            return Realization(gross: gross, net: gross - fill.fee - buyFees)
        }
    }
}
