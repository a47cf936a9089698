/// Settings of the PPO agent and its trading environment (`config.yaml` section `models.ppo`).
///
/// The optimisation keys follow CleanRL's `ppo.py` (and stable-baselines3's names): `n_steps`
/// transitions per rollout, `batch_size` transitions per minibatch, `n_epochs` passes over the
/// shuffled rollout, Adam with ε 1e-5, global-norm clipping at `max_grad_norm`, and a linear
/// learning-rate decay to 0 when `anneal_lr` is set. `clip_range_vf` ≤ 0 disables value clipping.
/// The environment keys: `sequence_length` rows per observation, `episode_length` steps per
/// training episode, `normalize_observation` the running mean/variance normalisation (clip 10),
/// `action_returns` the expected return the trader reads for Hold, Buy and Sell, and `threads` the
/// OpenBLAS thread count set when training starts.
public struct PPOConfig: Codable, Sendable, Equatable {
    /// Adam's initial learning rate.
    public var learningRate = 3e-4
    /// Environment steps per rollout.
    public var nSteps = 2048
    /// Transitions per minibatch.
    public var batchSize = 64
    /// Passes over the rollout per update.
    public var nEpochs = 10
    /// The discount factor γ.
    public var gamma = 0.99
    /// GAE's λ.
    public var gaeLambda = 0.95
    /// The surrogate clip ε.
    public var clipRange = 0.2
    /// The value clip (≤ 0 disables value-loss clipping).
    public var clipRangeVF = 0.0
    /// The entropy bonus coefficient.
    public var entCoef = 0.01
    /// The value-loss coefficient.
    public var vfCoef = 0.5
    /// The global gradient-norm limit (≤ 0 disables clipping).
    public var maxGradNorm = 0.5
    /// Environment steps to train for (rounded up to whole rollouts).
    public var totalTimesteps = 100_000
    /// Seed of initialisation, action sampling, shuffling and episode starts.
    public var seed = 0
    /// Hidden layer widths of both the actor and the critic (tanh after each).
    public var hiddenSizes = [64, 64]
    /// Whether the learning rate decays linearly to 0 over the updates.
    public var annealLR = false
    /// Whether advantages are normalised per minibatch.
    public var normalizeAdvantage = true
    /// Whether observations pass through a running mean/variance normaliser (clip ±10).
    public var normalizeObservation = true
    /// Feature rows per observation.
    public var sequenceLength = 10
    /// Steps per training episode of the trading environment.
    public var episodeLength = 1000
    /// The expected return reported for actions 0 (Hold), 1 (Buy) and 2 (Sell).
    public var actionReturns = [0.0, 0.002, -0.002]
    /// OpenBLAS threads set when training starts (0 keeps the current setting; 1 is fastest at these sizes).
    public var threads = 1

    /// The defaults.
    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case learningRate = "learning_rate"
        case nSteps = "n_steps"
        case batchSize = "batch_size"
        case nEpochs = "n_epochs"
        case gamma
        case gaeLambda = "gae_lambda"
        case clipRange = "clip_range"
        case clipRangeVF = "clip_range_vf"
        case entCoef = "ent_coef"
        case vfCoef = "vf_coef"
        case maxGradNorm = "max_grad_norm"
        case totalTimesteps = "total_timesteps"
        case seed
        case hiddenSizes = "hidden_sizes"
        case annealLR = "anneal_lr"
        case normalizeAdvantage = "normalize_advantage"
        case normalizeObservation = "normalize_observation"
        case sequenceLength = "sequence_length"
        case episodeLength = "episode_length"
        case actionReturns = "action_returns"
        case threads
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PPOConfig()
        learningRate = try c.value(.learningRate, default: d.learningRate)
        nSteps = try c.value(.nSteps, default: d.nSteps)
        batchSize = try c.value(.batchSize, default: d.batchSize)
        nEpochs = try c.value(.nEpochs, default: d.nEpochs)
        gamma = try c.value(.gamma, default: d.gamma)
        gaeLambda = try c.value(.gaeLambda, default: d.gaeLambda)
        clipRange = try c.value(.clipRange, default: d.clipRange)
        clipRangeVF = try c.value(.clipRangeVF, default: d.clipRangeVF)
        entCoef = try c.value(.entCoef, default: d.entCoef)
        vfCoef = try c.value(.vfCoef, default: d.vfCoef)
        maxGradNorm = try c.value(.maxGradNorm, default: d.maxGradNorm)
        totalTimesteps = try c.value(.totalTimesteps, default: d.totalTimesteps)
        seed = try c.value(.seed, default: d.seed)
        hiddenSizes = try c.value(.hiddenSizes, default: d.hiddenSizes)
        annealLR = try c.value(.annealLR, default: d.annealLR)
        normalizeAdvantage = try c.value(.normalizeAdvantage, default: d.normalizeAdvantage)
        normalizeObservation = try c.value(.normalizeObservation, default: d.normalizeObservation)
        sequenceLength = try c.value(.sequenceLength, default: d.sequenceLength)
        episodeLength = try c.value(.episodeLength, default: d.episodeLength)
        actionReturns = try c.value(.actionReturns, default: d.actionReturns)
        threads = try c.value(.threads, default: d.threads)
    }

    /// Throws for the first out-of-range value, naming the key as `prefix.key`.
    public func validate(prefix: String) throws(ConfigError) {
        func check(_ ok: Bool, _ key: CodingKeys, _ value: Any, _ reason: String) throws(ConfigError) {
            if !ok { throw .invalidValue(key: "\(prefix).\(key.rawValue)", value: "\(value)", reason: reason) }
        }
        try check(learningRate > 0 && learningRate.isFinite, .learningRate, learningRate, "must be positive")
        try check((1...10_000_000).contains(nSteps), .nSteps, nSteps, "must be in 1...10000000")
        try check((1...nSteps).contains(batchSize), .batchSize, batchSize, "must be in 1...n_steps")
        try check((1...1000).contains(nEpochs), .nEpochs, nEpochs, "must be in 1...1000")
        try check(gamma >= 0 && gamma <= 1, .gamma, gamma, "must be in [0, 1]")
        try check(gaeLambda >= 0 && gaeLambda <= 1, .gaeLambda, gaeLambda, "must be in [0, 1]")
        try check(clipRange > 0 && clipRange.isFinite, .clipRange, clipRange, "must be positive")
        try check(clipRangeVF.isFinite, .clipRangeVF, clipRangeVF, "must be finite (0 or less disables)")
        try check(entCoef >= 0 && entCoef.isFinite, .entCoef, entCoef, "must be non-negative")
        try check(vfCoef >= 0 && vfCoef.isFinite, .vfCoef, vfCoef, "must be non-negative")
        try check(maxGradNorm.isFinite, .maxGradNorm, maxGradNorm, "must be finite (0 or less disables)")
        try check(totalTimesteps >= 1, .totalTimesteps, totalTimesteps, "must be at least 1")
        try check(seed >= 0, .seed, seed, "must be non-negative")
        try check(
            !hiddenSizes.isEmpty && hiddenSizes.allSatisfy { (1...4096).contains($0) }, .hiddenSizes,
            hiddenSizes, "must be a non-empty list of widths in 1...4096")
        try check((1...10_000).contains(sequenceLength), .sequenceLength, sequenceLength, "must be in 1...10000")
        try check(episodeLength >= 1, .episodeLength, episodeLength, "must be at least 1")
        try check(
            actionReturns.count == 3 && actionReturns.allSatisfy(\.isFinite), .actionReturns, actionReturns,
            "must be three finite numbers (hold, buy, sell)")
        try check((0...256).contains(threads), .threads, threads, "must be in 0...256 (0 keeps the OpenBLAS setting)")
    }
}
