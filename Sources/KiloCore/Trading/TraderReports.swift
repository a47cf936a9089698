/// What the trader did with one symbol in one iteration.
public enum SymbolAction: String, Sendable, Codable, Equatable {
    /// A buy order was placed (fills at the next bar's open).
    case buy
    /// A sell order was placed (fills at the next bar's open).
    case sell
    /// Nothing was ordered; `SymbolStep.reason` says why.
    case hold
    /// The bar failed validation or a source failed; nothing was decided.
    case skipped
}

/// One symbol's line of a `step` report.
public struct SymbolStep: Sendable, Equatable {
    /// The symbol.
    public var symbol: String
    /// The open time of the bar acted on (`nil` when the bar is missing).
    public var barTime: Int64?
    /// Its close (`nil` when the bar was rejected).
    public var close: Double?
    /// The predictions by model (empty when skipped or warming up).
    public var predictions: [ModelKind: Double] = [:]
    /// The weighted mean of the predictions (`nil` without any).
    public var ensemble: Double?
    /// The dynamic threshold at this bar.
    public var threshold: Double?
    /// What the ensemble says (`nil` without an ensemble).
    public var signal: TradeSignal?
    /// What the trader did.
    public var action: SymbolAction
    /// Why: the rejection, the risk rule, or the reason for holding; empty for a plain signal.
    public var reason = ""
    /// The order placed this iteration (fills next iteration).
    public var order: Order?
    /// The fill executed this iteration at this bar's open (an order decided one bar earlier).
    public var fill: Fill?
    /// An order of the previous iteration that could not fill, with why.
    public var cancelledOrder: Order?
}

/// One iteration of the trader loop.
public struct IterationReport: Sendable, Equatable {
    /// 1-based iteration number since the journal started.
    public var iteration: Int
    /// The feed clock.
    public var clock: Int64
    /// The open time of the bars revealed.
    public var barTime: Int64
    /// Per symbol, in feed order.
    public var symbols: [SymbolStep]
    /// Cash after the iteration's fills.
    public var cash: Double
    /// Cash plus positions at the closes.
    public var equity: Double
    /// The highest equity so far.
    public var peakEquity: Double
    /// `1 − equity / peak`.
    public var drawdown: Double { peakEquity > 0 ? 1 - equity / peakEquity : 0 }
    /// Whether new entries are halted by the maximum drawdown.
    public var isHalted: Bool
    /// Whether any position is open after the iteration.
    public var hasOpenPosition: Bool
}

/// One position in a `portfolio` report.
public struct PositionReport: Sendable, Equatable {
    /// The symbol.
    public var symbol: String
    /// Quantity held.
    public var quantity: Double
    /// Quantity-weighted average fill price of the open lots.
    public var averagePrice: Double
    /// The last valid close.
    public var markPrice: Double
    /// `quantity × markPrice`.
    public var marketValue: Double
    /// `Σ (mark − lot price) × lot quantity`.
    public var unrealizedPnL: Double
    /// The open time of the bar the oldest open lot filled at.
    public var entryBarTime: Int64
}

/// The `portfolio` report.
public struct PortfolioReport: Sendable, Equatable {
    /// Cash.
    public var cash: Double
    /// Sorted by symbol.
    public var positions: [PositionReport]
    /// Cash plus positions at their marks.
    public var equity: Double
    /// Starting cash.
    public var initialBalance: Double
    /// FIFO realised P&L before fees.
    public var realizedPnL: Double
    /// Unrealised P&L of the open lots.
    public var unrealizedPnL: Double
    /// Fees paid.
    public var fees: Double
    /// Slippage paid.
    public var slippage: Double
    /// The highest end-of-iteration equity.
    public var peakEquity: Double
    /// `1 − equity / peak`.
    public var drawdown: Double
    public var isHalted: Bool
}

/// The `trader status` report.
public struct TraderStatus: Sendable, Equatable {
    /// The journal file, or `:memory:`.
    public var statePath: String
    public var symbols: [String]
    public var interval: BarInterval
    /// Iterations journaled.
    public var iterations: Int
    /// The open time of the last bars processed (`nil` before the first iteration).
    public var lastBarTime: Int64?
    /// The open time of the next bars the feed will reveal.
    public var nextBarTime: Int64
    /// Whether the feed has nothing more.
    public var isExhausted: Bool
    /// Orders waiting for the next bar's open.
    public var pendingOrders: [Order]
    public var openPositions: Int
    public var fills: Int
    public var equity: Double
    public var isHalted: Bool
}
