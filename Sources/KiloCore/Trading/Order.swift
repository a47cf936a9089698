/// Buy or sell.
public enum OrderSide: String, Sendable, Codable, Equatable {
    case buy, sell
}

/// Why an order was placed.
public enum OrderReason: String, Sendable, Codable, Equatable {
    /// The ensemble crossed the threshold.
    case signal
    /// The close fell `stop_loss` below the average entry price.
    case stopLoss = "stop_loss"
    /// The close rose `take_profit` above the average entry price.
    case takeProfit = "take_profit"
    /// The position was held `position_timeout_bars`.
    case timeout
}

/// What became of an order.
public enum OrderStatus: String, Sendable, Codable, Equatable {
    /// Waiting for the next bar's open.
    case pending
    case filled
    /// Not filled; `Order.note` says why (no valid next bar, too small after sizing to cash).
    case cancelled
}

/// A market order decided at one bar's close, filled at the next bar's open.
public struct Order: Sendable, Equatable, Codable {
    /// Journal id, increasing from 1.
    public var id: Int
    /// The symbol traded.
    public var symbol: String
    /// Buy or sell.
    public var side: OrderSide
    /// Base-asset quantity (a buy may be cut to the cash available when it fills).
    public var quantity: Double
    /// Signal or risk rule.
    public var reason: OrderReason
    /// The iteration that decided the order.
    public var iteration: Int
    /// The open time of the bar the order was decided at.
    public var decidedAtBar: Int64
    /// Pending, filled or cancelled.
    public var status: OrderStatus = .pending
    /// Why it was cancelled, or empty.
    public var note: String = ""
}

/// An executed order: the only thing that changes cash and positions.
public struct Fill: Sendable, Equatable, Codable {
    /// Journal id, increasing from 1.
    public var id: Int
    /// The order it executes.
    public var orderID: Int
    /// The symbol traded.
    public var symbol: String
    /// Buy or sell.
    public var side: OrderSide
    /// Base-asset quantity.
    public var quantity: Double
    /// The execution price: the bar's open moved by slippage (buys up, sells down).
    public var price: Double
    /// The bar's open, before slippage.
    public var referencePrice: Double
    /// `fee × quantity × price`.
    public var fee: Double
    /// `quantity × |price − referencePrice|`.
    public var slippageCost: Double
    /// The open time of the bar it filled at.
    public var barTime: Int64
    /// The iteration that filled it.
    public var iteration: Int

    /// `quantity × price`.
    public var value: Double { quantity * price }
}
