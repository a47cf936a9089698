/// Settings of the PPO agent and its trading environment (`config.yaml` section `models.ppo`).
///
/// The optimisation keys follow CleanRL's `ppo.py` (and stable-baselines3's names): `n_steps`
/// transitions per rollout, `batch_size` transitions per minibatch, `n_epochs` passes over the
/// shuffled rollout, Adam with ε 1e-5, global-norm clipping at `max_grad_norm`, and a linear
/// learning-rate decay to 0 when `anneal_lr` is set. `clip_range_vf` ≤ 0 disables value clipping.
/// The environment keys: `sequence_length` rows per observation, `episode_length` steps per
/// training episode, `normalize_observation` the running mean/variance normalisation (clip 10),
/// `action_returns` the expected return the trader reads for Hold, Buy and Sell, and `threads` the
/// OpenBLAS thread count set when training starts. Every property is a key of `keys` (its name,
/// meaning and rules are declared there).
public struct PPOConfig: ConfigSection, BLASThreadedSection {
    public var learningRate = 3e-4
    public var nSteps = 2048
    public var batchSize = 64
    public var nEpochs = 10
    public var gamma = 0.99
    public var gaeLambda = 0.95
    public var clipRange = 0.2
    public var clipRangeVF = 0.0
    public var entCoef = 0.01
    public var vfCoef = 0.5
    public var maxGradNorm = 0.5
    public var totalTimesteps = 100_000
    public var seed = 0
    public var hiddenSizes = [64, 64]
    public var annealLR = false
    public var normalizeAdvantage = true
    public var normalizeObservation = true
    public var sequenceLength = 10
    public var episodeLength = 1000
    public var actionReturns = [0.0, 0.002, -0.002]
    public var threads = 1

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<PPOConfig>] = [
        .value("learning_rate", \.learningRate, "Adam's initial learning rate", rules: [.positive]),
        .value("n_steps", \.nSteps, "environment steps per rollout", rules: [.within(1...10_000_000)]),
        .value(
            "batch_size", \.batchSize, "transitions per minibatch",
            rules: [.relation("must be in 1...n_steps") { (1...$1.nSteps).contains($0) }]),
        .value("n_epochs", \.nEpochs, "passes over the rollout per update", rules: [.within(1...1000)]),
        .value("gamma", \.gamma, "the discount factor γ", rules: [closedUnit]),
        .value("gae_lambda", \.gaeLambda, "GAE's λ", rules: [closedUnit]),
        .value("clip_range", \.clipRange, "the surrogate clip ε", rules: [.positive]),
        .value(
            "clip_range_vf", \.clipRangeVF, "the value clip (≤ 0 disables value-loss clipping)",
            rules: [finiteOrOff]),
        .value("ent_coef", \.entCoef, "the entropy bonus coefficient", rules: [nonNegative]),
        .value("vf_coef", \.vfCoef, "the value-loss coefficient", rules: [nonNegative]),
        .value(
            "max_grad_norm", \.maxGradNorm, "the global gradient-norm limit (≤ 0 disables clipping)",
            rules: [finiteOrOff]),
        .value(
            "total_timesteps", \.totalTimesteps, "environment steps to train for (rounded up to whole rollouts)",
            rules: [.atLeast(1)]),
        .value(
            "seed", \.seed, "seed of initialisation, action sampling, shuffling and episode starts",
            rules: [.must("must be non-negative") { $0 >= 0 }]),
        .value(
            "hidden_sizes", \.hiddenSizes, "hidden layer widths of both the actor and the critic (tanh after each)",
            rules: [
                .must("must be a non-empty list of widths in 1...4096") {
                    !$0.isEmpty && $0.allSatisfy { (1...4096).contains($0) }
                }
            ]),
        .value("anneal_lr", \.annealLR, "whether the learning rate decays linearly to 0 over the updates"),
        .value("normalize_advantage", \.normalizeAdvantage, "whether advantages are normalised per minibatch"),
        .value(
            "normalize_observation", \.normalizeObservation,
            "whether observations pass through a running mean/variance normaliser (clip ±10)"),
        .value(
            "sequence_length", \.sequenceLength, "feature rows per observation (flattened into the MLP's input)",
            rules: [.within(1...10_000)]),
        .value(
            "episode_length", \.episodeLength, "steps per training episode of the trading environment",
            rules: [.atLeast(1)]),
        .value(
            "action_returns", \.actionReturns,
            "the expected return reported for actions 0 (Hold), 1 (Buy) and 2 (Sell)",
            rules: [
                .must("must be three finite numbers (hold, buy, sell)") { $0.count == 3 && $0.allSatisfy(\.isFinite) }
            ]),
        .value(
            "threads", \.threads,
            "OpenBLAS threads for PPO runs, set once by the scheduler before they start (0 keeps the current setting; 1 is fastest at these sizes)",
            rules: [.blasThreads]),
    ]

    private static let closedUnit = ConfigRule<PPOConfig, Double>.must("must be in [0, 1]") { $0 >= 0 && $0 <= 1 }
    private static let nonNegative = ConfigRule<PPOConfig, Double>.must("must be non-negative") { $0 >= 0 && $0.isFinite }
    private static let finiteOrOff = ConfigRule<PPOConfig, Double>.must("must be finite (0 or less disables)") { $0.isFinite }
}
