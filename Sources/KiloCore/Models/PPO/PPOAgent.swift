/// A trained PPO trading agent for one symbol: the frozen policy (actor, critic, observation
/// statistics), the feature names and spec hash it was trained on, and its configuration.
///
/// The trader calls `observation(features:featureCount:endingAt:portfolio:)` (the same
/// `PPOTradingObservation.build` the training environment uses) and then `action(observation:shape:)`
/// or `expectedReturn(observation:shape:)`; every call checks the observation's shape.
public struct PPOAgent: Sendable, Equatable {
    /// The settings it was trained with (`action_returns`, `sequence_length`, `episode_length` are read at trade time).
    public let config: PPOConfig
    /// The feature columns, in matrix order.
    public let featureNames: [String]
    /// The hash of the feature specification the rows were computed with.
    public let specHash: String
    /// The frozen policy.
    public let policy: PPOPolicy

    /// An agent from its parts; the policy's input must be `sequence_length · (features + 4)`.
    /// - Throws: `PPOError.observationShapeMismatch` when the sizes disagree.
    public init(config: PPOConfig, featureNames: [String], specHash: String, policy: PPOPolicy) throws(PPOError) {
        let shape = [config.sequenceLength, featureNames.count + PPOTradingObservation.portfolioFeatureCount]
        guard policy.network.inputSize == shape[0] * shape[1], policy.network.actionCount == 3 else {
            throw .observationShapeMismatch(expected: shape, actual: [policy.network.inputSize])
        }
        self.config = config
        self.featureNames = featureNames
        self.specHash = specHash
        self.policy = policy
    }

    /// `[sequence_length, features + 4]`.
    public var observationShape: [Int] {
        [config.sequenceLength, featureNames.count + PPOTradingObservation.portfolioFeatureCount]
    }

    /// Trains an agent on one symbol's feature matrix (`[rows, featureNames.count]` row-major) and
    /// closes, with episodes inside `trainingRows` only.
    /// - Throws: `PPOError.invalidData`, `.cancelled`, `.diverged`.
    public static func train(
        config: PPOConfig, featureNames: [String], specHash: String, features: [Float], closes: [Double],
        trainingRows: Range<Int>, fee: Double, slippage: Double, cancellation: CancellationToken = .never,
        progress: (PPOTrainingProgress) -> Void = { _ in }
    ) throws(PPOError) -> (agent: PPOAgent, summary: PPOTrainingSummary) {
        var environment = try PPOTradingEnvironment(
            features: features, featureCount: featureNames.count, closes: closes, episodeRows: trainingRows,
            sequenceLength: config.sequenceLength, episodeLength: config.episodeLength, fee: fee, slippage: slippage,
            seed: SplitMix64(seed: UInt64(config.seed)).split(stream: 20).state)
        var trainer = PPOTrainer(config: config, observationSize: environment.observationSize, actionCount: 3)
        let summary = try trainer.train(environment: &environment, cancellation: cancellation, progress: progress)
        let agent = try PPOAgent(config: config, featureNames: featureNames, specHash: specHash, policy: trainer.policy)
        return (agent, summary)
    }

    /// The raw flat observation ending at `row` for `portfolio` marked at `price`, built by
    /// `PPOTradingObservation.build` exactly as in training.
    /// - Throws: `PPOError.observationShapeMismatch` when `featureCount` differs from the agent's
    ///   features, `.invalidData` when `row` is outside the matrix or before a full window, or the
    ///   window holds a non-finite feature (warm-up rows).
    public func observation(
        features: [Float], featureCount: Int, endingAt row: Int, portfolio: PPOPortfolio, price: Double
    ) throws(PPOError) -> [Float] {
        let expected = observationShape
        guard featureCount == featureNames.count else {
            throw .observationShapeMismatch(
                expected: expected, actual: [config.sequenceLength, featureCount + PPOTradingObservation.portfolioFeatureCount])
        }
        guard featureCount > 0, features.count % featureCount == 0, row >= config.sequenceLength - 1,
            row < features.count / featureCount
        else {
            throw .invalidData(reason: "row \(row) has no full \(config.sequenceLength)-row window in a matrix of \(features.count / max(featureCount, 1)) rows")
        }
        let window = ((row - config.sequenceLength + 1) * featureCount)..<((row + 1) * featureCount)
        if let bad = window.first(where: { !features[$0].isFinite }) {
            throw .invalidData(reason: "feature row \(bad / featureCount) (column \(bad % featureCount)) in the window ending at row \(row) is not finite")
        }
        var output = [Float](repeating: 0, count: expected[0] * expected[1])
        let portfolioFeatures = portfolio.features(price: price, episodeLength: config.episodeLength)
        features.withUnsafeBufferPointer { f in
            output.withUnsafeMutableBufferPointer { o in
                PPOTradingObservation.build(
                    features: f, featureCount: featureCount, endingAt: row, sequenceLength: config.sequenceLength,
                    portfolio: portfolioFeatures, into: o)
            }
        }
        return output
    }

    /// The argmax action (0 Hold, 1 Buy, 2 Sell) for a raw observation of `shape`.
    /// - Throws: `PPOError.observationShapeMismatch` naming expected and actual shapes,
    ///   `.nonFiniteOutput` when a logit is NaN or infinite (never a silent hold).
    public func action(observation: [Float], shape: [Int]) throws(PPOError) -> Int {
        let expected = observationShape
        guard shape == expected, observation.count == expected[0] * expected[1] else {
            throw .observationShapeMismatch(expected: expected, actual: shape == expected ? [observation.count] : shape)
        }
        let logits = policy.logits(rawObservation: observation)
        guard logits.allSatisfy(\.isFinite) else { throw .nonFiniteOutput(logits: logits.map(Double.init)) }
        return PPOPolicy.argmax(logits)
    }

    /// The trader's expected return: `action_returns[action(observation:shape:)]`
    /// (defaults 0 → 0.0, 1 → +0.002, 2 → −0.002).
    public func expectedReturn(observation: [Float], shape: [Int]) throws(PPOError) -> Double {
        config.actionReturns[try action(observation: observation, shape: shape)]
    }
}
