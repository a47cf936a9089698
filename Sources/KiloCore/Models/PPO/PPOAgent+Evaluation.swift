import Foundation

/// The deterministic policy's result on one window of bars, against buy-and-hold.
public struct PPOEvaluationWindow: Sendable, Equatable {
    /// The rows traded (the policy acts at the close of every row but the last).
    public var rows: Range<Int>
    /// `V_end / V_start − 1` of the agent (position marked at the last close).
    public var agentReturn: Double
    /// Buy at the first close (fee and slippage paid) and hold to the last close.
    public var buyAndHoldReturn: Double
    /// Executed buys plus sells.
    public var trades: Int
    /// Fees paid, as a fraction of the starting capital.
    public var feesPaid: Double
    /// How often each action (Hold, Buy, Sell) was chosen.
    public var actionHistogram: [Int]
    /// True when a single action makes up at least `collapseThreshold` of the decisions.
    public var collapsed: Bool
}

/// The evaluation after training: the validation and the test windows.
public struct PPOEvaluationReport: Sendable, Equatable {
    public var validation: PPOEvaluationWindow
    public var test: PPOEvaluationWindow
    /// True when either window collapsed to one action.
    public var collapsed: Bool { validation.collapsed || test.collapsed }
}

extension PPOAgent {
    /// The share of decisions one action must reach for the agent to count as collapsed.
    public static let collapseThreshold = 0.98

    /// Runs the argmax policy with frozen statistics over `rows` (the observation of every row
    /// is built by `observation(features:featureCount:endingAt:portfolio:price:)`), trading at each
    /// close with `fee` and `slippage`.
    /// - Throws: `PPOError.invalidData` when `rows` has fewer than two bars or starts before a full window.
    public func evaluate(
        features: [Float], closes: [Double], rows: Range<Int>, fee: Double, slippage: Double
    ) throws(PPOError) -> PPOEvaluationWindow {
        let featureCount = featureNames.count
        guard features.count == closes.count * featureCount else {
            throw .invalidData(reason: "feature matrix has \(features.count) values for \(closes.count) rows of \(featureCount) features")
        }
        guard rows.count >= 2, rows.lowerBound >= config.sequenceLength - 1, rows.upperBound <= closes.count else {
            throw .invalidData(reason: "evaluation rows \(rows) need two bars after a \(config.sequenceLength)-row window inside 0..<\(closes.count)")
        }
        let workspace = PPOWorkspace<Float>(network: policy.network, capacity: 1)
        var portfolio = PPOPortfolio()
        var histogram = [0, 0, 0]
        var trades = 0, fees = 0.0
        for row in rows.dropLast() {
            let observation = try self.observation(
                features: features, featureCount: featureCount, endingAt: row, portfolio: portfolio, price: closes[row])
            let action = PPOPolicy.argmax(policy.logits(rawObservation: observation, workspace: workspace))
            histogram[action] += 1
            let trade = portfolio.apply(action: action, price: closes[row], fee: fee, slippage: slippage)
            if trade.traded { trades += 1 }
            fees += trade.fee
            if portfolio.isLong { portfolio.barsInPosition += 1 }
        }
        let last = closes[rows.upperBound - 1]
        var holder = PPOPortfolio()
        _ = holder.apply(action: 1, price: closes[rows.lowerBound], fee: fee, slippage: slippage)
        let decisions = Double(rows.count - 1)
        return PPOEvaluationWindow(
            rows: rows, agentReturn: portfolio.value(at: last) - 1, buyAndHoldReturn: holder.value(at: last) - 1,
            trades: trades, feesPaid: fees, actionHistogram: histogram,
            collapsed: Double(histogram.max() ?? 0) >= Self.collapseThreshold * decisions)
    }

    /// Evaluates the validation and the test windows.
    public func evaluationReport(
        features: [Float], closes: [Double], validationRows: Range<Int>, testRows: Range<Int>, fee: Double,
        slippage: Double
    ) throws(PPOError) -> PPOEvaluationReport {
        PPOEvaluationReport(
            validation: try evaluate(features: features, closes: closes, rows: validationRows, fee: fee, slippage: slippage),
            test: try evaluate(features: features, closes: closes, rows: testRows, fee: fee, slippage: slippage))
    }
}
