/// A long-only spot portfolio in units of the starting capital, and its trade mechanics
/// (shared by the training environment, the evaluation and the trader).
public struct PPOPortfolio: Sendable, Equatable {
    /// Cash held.
    public var cash: Double = 1
    /// Units of the asset held.
    public var units: Double = 0
    /// Cost per unit of the open position, fee and slippage included (0 when flat).
    public var entryPrice: Double = 0
    /// Bars since the position was opened (0 when flat).
    public var barsInPosition: Int = 0

    /// Cash plus the position marked at `price`.
    public func value(at price: Double) -> Double { cash + units * price }

    /// Whether a position is open.
    public var isLong: Bool { units > 0 }

    /// The four normalised portfolio features at `price`: position fraction (position value /
    /// portfolio value), unrealised P&L ratio (`price / entryPrice − 1`, 0 when flat), cash ratio
    /// (cash / portfolio value) and bars in position divided by `episodeLength`.
    public func features(price: Double, episodeLength: Int) -> [Float] {
        let total = value(at: price)
        let safeTotal = total > 0 ? total : 1
        return [
            Float(units * price / safeTotal),
            Float(isLong && entryPrice > 0 ? price / entryPrice - 1 : 0),
            Float(cash / safeTotal),
            Float(Double(barsInPosition) / Double(max(episodeLength, 1))),
        ]
    }

    /// Applies action 1 (buy with all cash when flat) or 2 (sell everything when long) at `price`
    /// with proportional `fee` and `slippage`; 0 and redundant orders change nothing. Returns
    /// whether a trade happened and the fee paid.
    public mutating func apply(action: Int, price: Double, fee: Double, slippage: Double) -> (traded: Bool, fee: Double) {
        switch action {
        case 1 where !isLong && cash > 0:
            let executionPrice = price * (1 + slippage)
            let notional = cash / (1 + fee)
            let feePaid = notional * fee
            units = notional / executionPrice
            entryPrice = executionPrice * (1 + fee)
            cash = 0
            barsInPosition = 0
            return (true, feePaid)
        case 2 where isLong:
            let gross = units * price * (1 - slippage)
            let feePaid = gross * fee
            cash += gross - feePaid
            units = 0
            entryPrice = 0
            barsInPosition = 0
            return (true, feePaid)
        default:
            return (false, 0)
        }
    }
}

/// The one function that builds a PPO trading observation, used by the training environment
/// and by `PPOAgent` at evaluation and trade time.
///
/// The observation is `[sequenceLength, featureCount + 4]`, row-major: the `sequenceLength`
/// feature rows ending at `row` (inclusive, oldest first), each followed by the same four
/// portfolio features of `PPOPortfolio.features`.
public enum PPOTradingObservation {
    /// Portfolio features appended to every row.
    public static let portfolioFeatureCount = 4

    /// Writes the observation ending at `row` into `output` (`sequenceLength · (featureCount + 4)` floats).
    /// - Complexity: O(sequenceLength · featureCount).
    public static func build(
        features: UnsafeBufferPointer<Float>, featureCount: Int, endingAt row: Int, sequenceLength: Int,
        portfolio: [Float], into output: UnsafeMutableBufferPointer<Float>
    ) {
        let width = featureCount + portfolioFeatureCount
        precondition(portfolio.count == portfolioFeatureCount, "PPOTradingObservation.build: \(portfolio.count) portfolio features")
        precondition(output.count == sequenceLength * width, "PPOTradingObservation.build: output \(output.count), expected \(sequenceLength * width)")
        precondition(row >= sequenceLength - 1 && (row + 1) * featureCount <= features.count,
                     "PPOTradingObservation.build: row \(row) outside the feature matrix or before its window")
        let first = row - sequenceLength + 1
        for r in 0..<sequenceLength {
            let source = features.checkedBase + (first + r) * featureCount
            let target = output.checkedBase + r * width
            target.update(from: source, count: featureCount)
            for k in 0..<portfolioFeatureCount { target[featureCount + k] = portfolio[k] }
        }
    }
}
