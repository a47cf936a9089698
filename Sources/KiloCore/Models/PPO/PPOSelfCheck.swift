import Foundation

/// The result of `PPOSelfCheck.cartPole`.
public struct CartPoleReport: Sendable, Equatable {
    /// Mean return of the deterministic (argmax) policy over `evaluationEpisodes` episodes.
    public var meanReturn: Double
    /// Returns of the evaluation episodes.
    public var episodeReturns: [Double]
    /// Environment steps trained.
    public var timesteps: Int
    /// Training wall time in seconds.
    public var trainingSeconds: Double
    /// Training environment steps per second (rollouts and updates included).
    public var stepsPerSecond: Double
    /// The seed.
    public var seed: Int
}

/// The PPO self-check on CartPole-v1 (`check ppo-cartpole`).
public enum PPOSelfCheck {
    /// The configuration of the check: the `models.ppo` defaults with `ent_coef` 0, no
    /// observation normalisation (stable-baselines3's `PPO("MlpPolicy", "CartPole-v1")`), the
    /// given budget and seed.
    public static func cartPoleConfig(timesteps: Int, seed: Int) -> PPOConfig {
        var config = PPOConfig()
        config.entCoef = 0
        config.normalizeObservation = false
        config.totalTimesteps = timesteps
        config.seed = seed
        return config
    }

    /// Trains PPO on CartPole-v1 for `timesteps` steps with `seed` and evaluates the argmax policy
    /// on 20 fresh episodes (seeded from `seed`, separate from the training environment).
    /// - Throws: `PPOError.cancelled` when cancelled, `.diverged` on a non-finite loss.
    public static func cartPole(
        timesteps: Int = 100_000, seed: Int = 0, evaluationEpisodes: Int = 20,
        progress: (PPOTrainingProgress) -> Void = { _ in }, cancellation: CancellationToken = .never
    ) throws(PPOError) -> CartPoleReport {
        precondition(timesteps > 0 && seed >= 0, "PPOSelfCheck.cartPole: timesteps \(timesteps), seed \(seed)")
        var config = cartPoleConfig(timesteps: timesteps, seed: seed)
        config.nSteps = min(config.nSteps, timesteps)
        config.batchSize = min(config.batchSize, config.nSteps)
        // The check is the process's only run: it may set the process-wide BLAS thread count.
        if config.threads > 0 { BLAS.setThreadCount(config.threads) }
        var trainer = PPOTrainer(config: config, observationSize: 4, actionCount: 2)
        var seeds = SplitMix64(seed: UInt64(seed)).split(stream: 10)
        var environment = CartPole(seed: seeds.next())
        let summary = try trainer.train(environment: &environment, cancellation: cancellation, progress: progress)
        let returns = evaluate(policy: trainer.policy, episodes: evaluationEpisodes, seed: UInt64(seed))
        return CartPoleReport(
            meanReturn: returns.reduce(0, +) / Double(max(returns.count, 1)), episodeReturns: returns,
            timesteps: summary.timesteps, trainingSeconds: summary.seconds, stepsPerSecond: summary.stepsPerSecond,
            seed: seed)
    }

    /// Returns of `episodes` CartPole episodes under the argmax `policy`.
    public static func evaluate(policy: PPOPolicy, episodes: Int, seed: UInt64) -> [Double] {
        var seeds = SplitMix64(seed: seed).split(stream: 11)
        var environment = CartPole(seed: seeds.next())
        let workspace = PPOWorkspace<Float>(network: policy.network, capacity: 1)
        var observation = [Float](repeating: 0, count: 4)
        return (0..<episodes).map { _ in
            observation.withUnsafeMutableBufferPointer { environment.reset(observation: $0) }
            var total = 0.0
            while true {
                let action = PPOPolicy.argmax(policy.logits(rawObservation: observation, workspace: workspace))
                let result = observation.withUnsafeMutableBufferPointer { environment.step(action: action, observation: $0) }
                total += result.reward
                if result.terminated || result.truncated { return total }
            }
        }
    }
}
