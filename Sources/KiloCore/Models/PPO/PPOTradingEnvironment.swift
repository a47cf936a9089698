import Foundation

/// The per-symbol trading environment: one symbol's preprocessed feature rows and close prices,
/// a long-only spot portfolio, discrete actions 0 Hold, 1 Buy (all cash), 2 Sell (everything).
///
/// An episode starts at a random row (from the environment's seeded `SplitMix64`) chosen so that
/// the observation window and all `episodeLength` steps lie inside `episodeRows` (the training
/// split); each step trades at the current close with `fee` and `slippage`, moves one bar on,
/// and pays the reward `log(V_after / V_before)` (portfolio value net of costs). An episode is
/// truncated (bootstrapped, never terminated) after `episodeLength` steps or at the split's end.
public struct PPOTradingEnvironment: PPOEnvironment, Sendable {
    public let features: [Float]
    public let featureCount: Int
    public let closes: [Double]
    public let episodeRows: Range<Int>
    public let sequenceLength: Int
    public let episodeLength: Int
    public let fee: Double
    public let slippage: Double
    /// The current row (the observation ends here; trades happen at its close).
    public private(set) var row = 0
    /// Steps taken in this episode.
    public private(set) var stepsTaken = 0
    public private(set) var portfolio = PPOPortfolio()
    /// Trades and fees of the current episode.
    public private(set) var trades = 0
    public private(set) var feesPaid = 0.0
    private let startRows: ClosedRange<Int>
    private var generator: SplitMix64

    /// - Parameters:
    ///   - features: `[rows, featureCount]` row-major, the same preprocessed rows the other models use.
    ///   - closes: one close price per row.
    ///   - episodeRows: the rows episodes may use (the training split).
    /// - Throws: `PPOError.invalidData` when the sizes disagree, the split is too short, or a
    ///   feature an episode can see is not finite (start `episodeRows` after the warm-up rows).
    public init(
        features: [Float], featureCount: Int, closes: [Double], episodeRows: Range<Int>, sequenceLength: Int,
        episodeLength: Int, fee: Double, slippage: Double, seed: UInt64
    ) throws(PPOError) {
        guard featureCount > 0, features.count == closes.count * featureCount else {
            throw .invalidData(reason: "feature matrix has \(features.count) values for \(closes.count) rows of \(featureCount) features")
        }
        guard episodeRows.lowerBound >= 0, episodeRows.upperBound <= closes.count else {
            throw .invalidData(reason: "episode rows \(episodeRows) outside 0..<\(closes.count)")
        }
        guard closes.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .invalidData(reason: "close prices must be positive and finite")
        }
        guard fee >= 0, fee < 1, slippage >= 0, slippage < 1, sequenceLength >= 1, episodeLength >= 1 else {
            throw .invalidData(reason: "fee \(fee), slippage \(slippage), sequence length \(sequenceLength) or episode length \(episodeLength) out of range")
        }
        let lowest = max(episodeRows.lowerBound, sequenceLength - 1)
        guard lowest + 1 < episodeRows.upperBound else {
            throw .invalidData(reason: "episode rows \(episodeRows) leave no step after a \(sequenceLength)-row window")
        }
        let highest = max(lowest, episodeRows.upperBound - 1 - episodeLength)
        let firstWindowRow = lowest - sequenceLength + 1
        if let bad = (firstWindowRow * featureCount..<(episodeRows.upperBound * featureCount)).first(where: { !features[$0].isFinite }) {
            throw .invalidData(reason: "feature row \(bad / featureCount) (column \(bad % featureCount)) is not finite; episode rows must start after the warm-up")
        }
        self.features = features
        self.featureCount = featureCount
        self.closes = closes
        self.episodeRows = episodeRows
        self.sequenceLength = sequenceLength
        self.episodeLength = episodeLength
        self.fee = fee
        self.slippage = slippage
        startRows = lowest...highest
        generator = SplitMix64(seed: seed)
    }

    public var observationShape: [Int] { [sequenceLength, featureCount + PPOTradingObservation.portfolioFeatureCount] }
    public var actionCount: Int { 3 }

    /// The portfolio features the observation carries now.
    public var portfolioFeatures: [Float] { portfolio.features(price: closes[row], episodeLength: episodeLength) }

    public mutating func reset(observation: UnsafeMutableBufferPointer<Float>) {
        let span = UInt64(startRows.count)
        row = startRows.lowerBound + Int(generator.next() % span)
        stepsTaken = 0
        portfolio = PPOPortfolio()
        trades = 0
        feesPaid = 0
        writeObservation(observation)
    }

    public mutating func step(action: Int, observation: UnsafeMutableBufferPointer<Float>) -> PPOStepResult {
        precondition((0..<3).contains(action), "PPOTradingEnvironment.step: action \(action)")
        let before = portfolio.value(at: closes[row])
        let trade = portfolio.apply(action: action, price: closes[row], fee: fee, slippage: slippage)
        if trade.traded { trades += 1 }
        feesPaid += trade.fee
        row += 1
        stepsTaken += 1
        if portfolio.isLong { portfolio.barsInPosition += 1 }
        let after = portfolio.value(at: closes[row])
        writeObservation(observation)
        let truncated = stepsTaken >= episodeLength || row >= episodeRows.upperBound - 1
        return PPOStepResult(reward: log(after / before), terminated: false, truncated: truncated)
    }

    private func writeObservation(_ observation: UnsafeMutableBufferPointer<Float>) {
        let portfolioFeatures = self.portfolioFeatures
        features.withUnsafeBufferPointer { f in
            PPOTradingObservation.build(
                features: f, featureCount: featureCount, endingAt: row, sequenceLength: sequenceLength,
                portfolio: portfolioFeatures, into: observation)
        }
    }
}
