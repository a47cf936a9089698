/// What the broker did with an order.
public enum Execution: Sendable, Equatable {
    case filled(Fill)
    case cancelled(note: String)
}

/// Fills market orders at a bar's open, moved by slippage, charging the fee.
///
/// A buy fills at `open × (1 + slippage)` and pays `quantity × price × (1 + fee)`; when cash is
/// short the quantity is cut to what cash buys, and a buy worth less than `min_trade_value` after
/// that is cancelled. A sell fills at `open × (1 − slippage)` and receives
/// `quantity × price × (1 − fee)`; it is capped at the quantity held and is never refused for
/// being small (dust could otherwise never be closed).
public struct SimulatedBroker: Sendable, Equatable {
    /// Fee rate on traded value.
    public var fee: Double
    /// Slippage rate on the open.
    public var slippage: Double
    /// Smallest buy value.
    public var minTradeValue: Double

    /// A broker with the costs of `config`.
    public init(config: TradingConfig) {
        fee = config.fee
        slippage = config.slippage
        minTradeValue = config.minTradeValue
    }

    /// Executes `order` at the open of `bar` (the bar after the one it was decided at).
    /// - Parameters:
    ///   - cash: cash available now.
    ///   - held: quantity of the symbol held now.
    ///   - fillID: the id the fill gets.
    ///   - iteration: the iteration filling it.
    public func execute(
        _ order: Order, at bar: RevealedBar, cash: Double, held: Double, fillID: Int, iteration: Int
    ) -> Execution {
        precondition(
            bar.openTime > order.decidedAtBar,
            "SimulatedBroker.execute: fill bar not after decision bar")
        let price: Double
        var quantity: Double
        switch order.side {
        case .buy:
            price = bar.open * (1 + slippage)
            quantity = order.quantity
            if quantity * price + quantity * price * fee > cash {
                quantity = cash / (price * (1 + fee))
                // Guard the last ulp so cash never goes below zero.
                while quantity > 0, quantity * price + quantity * price * fee > cash {
                    quantity = quantity.nextDown
                }
            }
            if !(quantity * price >= minTradeValue) || quantity <= 0 {
                return .cancelled(
                    note:
                        "worth \(quantity * price) after sizing to cash, below the minimum trade value"
                )
            }
        case .sell:
            price = bar.open * (1 - slippage)
            quantity = min(order.quantity, held)
            if quantity <= 0 { return .cancelled(note: "nothing held to sell") }
        }
        let value = quantity * price
        return .filled(
            Fill(
                id: fillID, orderID: order.id, symbol: order.symbol, side: order.side,
                quantity: quantity,
                price: price, referencePrice: bar.open, fee: value * fee,
                slippageCost: quantity * abs(price - bar.open), barTime: bar.openTime,
                iteration: iteration))
    }
}
