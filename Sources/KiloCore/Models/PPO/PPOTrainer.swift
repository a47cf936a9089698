import Foundation

/// What one PPO update measured (CleanRL's logged quantities), averaged over its minibatches.
public struct PPOUpdateStats: Sendable, Equatable {
    public var policyLoss: Double
    public var valueLoss: Double
    public var entropy: Double
    public var approxKL: Double
    public var clipFraction: Double
    /// `1 − Var(R − V) / Var(R)` over the rollout (NaN when the returns are constant).
    public var explainedVariance: Double
    /// The learning rate used by the update.
    public var learningRate: Double
}

/// Progress after each update.
public struct PPOTrainingProgress: Sendable, Equatable {
    public var update: Int
    public var updates: Int
    public var timesteps: Int
    /// Episodes finished so far.
    public var episodes: Int
    /// Mean return of the last (up to) 100 finished episodes (NaN before the first).
    public var meanEpisodeReturn: Double
    public var stats: PPOUpdateStats
}

/// The result of `PPOTrainer.train`.
public struct PPOTrainingSummary: Sendable, Equatable {
    public var timesteps: Int
    public var updates: Int
    public var episodes: Int
    public var meanEpisodeReturn: Double
    public var seconds: Double
    /// Environment steps per second of wall time, training included.
    public var stepsPerSecond: Double
    public var lastStats: PPOUpdateStats?
}

/// PPO as CleanRL's `ppo.py` (one environment): rollouts of `n_steps`, GAE(λ) with SB3's
/// truncation bootstrap, `n_epochs` passes over shuffled minibatches of `batch_size`, the clipped
/// surrogate with entropy bonus and (optionally clipped) value loss, global-norm clipping, Adam
/// (ε 1e-5) with optional linear learning-rate decay. Never prints.
public struct PPOTrainer {
    public let config: PPOConfig
    public let network: PPONetwork
    /// The flat parameters (actor then critic).
    public private(set) var parameters: [Float]
    /// The running observation statistics (nil when `normalize_observation` is off).
    public private(set) var normalizer: PPOObservationNormalizer?
    private var optimizer: Adam
    private var actionGenerator: SplitMix64
    private var shuffleGenerator: SplitMix64
    private let workspace: PPOWorkspace<Float>
    /// The critic's buffers for a whole rollout (plus one row for the value after it).
    private let criticWorkspace: PPOWorkspace<Float>
    private let rollout: PPORolloutBuffer

    /// A trainer for observations of `observationSize` floats and `actionCount` actions, its
    /// parameters initialised from `config.seed`.
    public init(config: PPOConfig, observationSize: Int, actionCount: Int) {
        self.config = config
        network = PPONetwork(inputSize: observationSize, hiddenSizes: config.hiddenSizes, actionCount: actionCount)
        let root = SplitMix64(seed: UInt64(config.seed))
        var initGenerator = root.split(stream: 1)
        parameters = network.initialParameters(generator: &initGenerator)
        actionGenerator = root.split(stream: 2)
        shuffleGenerator = root.split(stream: 3)
        normalizer = config.normalizeObservation ? PPOObservationNormalizer(size: observationSize) : nil
        optimizer = Adam(parameterCount: network.layout.count, learningRate: config.learningRate, epsilon: 1e-5)
        workspace = PPOWorkspace(network: network, capacity: max(config.batchSize, 1))
        criticWorkspace = PPOWorkspace(network: network, capacity: config.nSteps + 1)
        rollout = PPORolloutBuffer(steps: config.nSteps, observationSize: observationSize)
    }

    /// The current policy, frozen.
    public var policy: PPOPolicy { PPOPolicy(network: network, parameters: parameters, normalizer: normalizer) }

    /// The number of updates `train` runs: `ceil(total_timesteps / n_steps)`.
    public var updateCount: Int { (config.totalTimesteps + config.nSteps - 1) / config.nSteps }

    /// Trains on `environment` for `updateCount` rollouts, polling `cancellation` between updates
    /// and reporting after each.
    /// - Throws: `PPOError.cancelled`, `.diverged`, `.observationShapeMismatch` when the environment's
    ///   observation size differs from the network's.
    public mutating func train<E: PPOEnvironment>(
        environment: inout E, cancellation: CancellationToken = .never,
        progress: (PPOTrainingProgress) -> Void = { _ in }
    ) throws(PPOError) -> PPOTrainingSummary {
        guard environment.observationSize == network.inputSize, environment.actionCount == network.actionCount else {
            throw .observationShapeMismatch(expected: [network.inputSize], actual: [environment.observationSize])
        }
        let start = Date()
        let updates = updateCount
        var state = PPORolloutState(observationSize: network.inputSize)
        resetEpisode(&environment, state: &state)
        var lastStats: PPOUpdateStats?
        for update in 1...updates {
            if cancellation.isCancelled { throw .cancelled }
            if config.annealLR {
                optimizer.learningRate = (1 - Double(update - 1) / Double(updates)) * config.learningRate
            }
            collectRollout(&environment, state: &state)
            let stats = try self.update(updateIndex: update)
            lastStats = stats
            progress(PPOTrainingProgress(
                update: update, updates: updates, timesteps: update * config.nSteps, episodes: state.episodes,
                meanEpisodeReturn: state.meanRecentReturn, stats: stats))
        }
        let seconds = Date().timeIntervalSince(start)
        let steps = updates * config.nSteps
        return PPOTrainingSummary(
            timesteps: steps, updates: updates, episodes: state.episodes, meanEpisodeReturn: state.meanRecentReturn,
            seconds: seconds, stepsPerSecond: Double(steps) / max(seconds, 1e-9), lastStats: lastStats)
    }

    // MARK: Rollout

    private mutating func resetEpisode<E: PPOEnvironment>(_ environment: inout E, state: inout PPORolloutState) {
        state.raw.withUnsafeMutableBufferPointer { environment.reset(observation: $0) }
        state.raw.withUnsafeBufferPointer { normalizer?.update($0) }
        loadObservation(from: state.raw, into: &state.current)
        state.episodeReturn = 0
    }

    private func loadObservation(from raw: [Float], into output: inout [Float]) {
        if let normalizer {
            raw.withUnsafeBufferPointer { r in output.withUnsafeMutableBufferPointer { normalizer.normalize(r, into: $0) } }
        } else {
            output = raw
        }
    }

    /// Collects `n_steps` transitions: the actor runs per step on one row (`forwardActorSingle`);
    /// the critic runs afterwards, batched, on every stored observation, on the final observations
    /// of truncated episodes and on the observation after the last step (the values do not steer
    /// the rollout, so deferring them changes nothing but the number of BLAS calls).
    private mutating func collectRollout<E: PPOEnvironment>(_ environment: inout E, state: inout PPORolloutState) {
        let size = network.inputSize, actions = network.actionCount
        var probabilities = [Double](repeating: 0, count: actions)
        var truncatedSteps: [Int] = []
        var extraRows: [Float] = []
        for t in 0..<config.nSteps {
            rollout.observations.withUnsafeMutableBufferPointer { buffer in
                let row = buffer.checkedBase + t * size
                state.current.withUnsafeBufferPointer { row.update(from: $0.checkedBase, count: size) }
                parameters.withUnsafeBufferPointer { p in
                    workspace.forwardActorSingle(network: network, parameters: p.checkedBase, input: UnsafePointer(row))
                }
            }
            // Sample from softmax(logits) by inverse CDF.
            var maximum = -Float.infinity
            for j in 0..<actions { maximum = max(maximum, workspace.logits[j]) }
            var total = 0.0
            for j in 0..<actions {
                probabilities[j] = exp(Double(workspace.logits[j] - maximum))
                total += probabilities[j]
            }
            let u = actionGenerator.nextUnit() * total
            var action = actions - 1, cumulative = 0.0
            for j in 0..<actions {
                cumulative += probabilities[j]
                if u < cumulative { action = j; break }
            }
            rollout.actions[t] = action
            rollout.logProbs[t] = log(probabilities[action] / total)
            let result = state.raw.withUnsafeMutableBufferPointer { environment.step(action: action, observation: $0) }
            rollout.rewards[t] = result.reward
            state.episodeReturn += result.reward
            if result.terminated || result.truncated {
                if result.terminated {
                    rollout.ends[t] = .terminated
                } else {
                    var final = state.current
                    loadObservation(from: state.raw, into: &final)
                    truncatedSteps.append(t)
                    extraRows.append(contentsOf: final)
                }
                state.finishEpisode()
                resetEpisode(&environment, state: &state)
            } else {
                rollout.ends[t] = .continuing
                state.raw.withUnsafeBufferPointer { normalizer?.update($0) }
                loadObservation(from: state.raw, into: &state.current)
            }
        }
        extraRows.append(contentsOf: state.current)
        parameters.withUnsafeBufferPointer { p in
            rollout.observations.withUnsafeBufferPointer { o in
                criticWorkspace.forwardCritic(network: network, parameters: p.checkedBase, input: o.checkedBase, batch: config.nSteps)
            }
            for t in 0..<config.nSteps { rollout.values[t] = Double(criticWorkspace.values[t]) }
            extraRows.withUnsafeBufferPointer { o in
                criticWorkspace.forwardCritic(
                    network: network, parameters: p.checkedBase, input: o.checkedBase, batch: truncatedSteps.count + 1)
            }
        }
        for (k, t) in truncatedSteps.enumerated() {
            rollout.ends[t] = .truncated(bootstrap: Double(criticWorkspace.values[k]))
        }
        rollout.nextValue = Double(criticWorkspace.values[truncatedSteps.count])
    }

    // MARK: Update

    /// One PPO update on the collected rollout; returns CleanRL's statistics.
    private mutating func update(updateIndex: Int) throws(PPOError) -> PPOUpdateStats {
        let (advantages, returns) = PPOAdvantages.compute(
            rewards: rollout.rewards, values: rollout.values, ends: rollout.ends, nextValue: rollout.nextValue,
            gamma: config.gamma, lambda: config.gaeLambda)
        let n = config.nSteps, size = network.inputSize
        let coefficients = PPOLoss.Coefficients(
            clipRange: config.clipRange, clipRangeVF: config.clipRangeVF, entCoef: config.entCoef,
            vfCoef: config.vfCoef, normalizeAdvantage: config.normalizeAdvantage)
        var indices = Array(0..<n)
        var gradients = [Float](repeating: 0, count: parameters.count)
        var minibatch = [Float](repeating: 0, count: config.batchSize * size)
        var sums = PPOLossTerms(policyLoss: 0, valueLoss: 0, entropy: 0, approxKL: 0, clipFraction: 0, total: 0)
        var minibatches = 0
        for _ in 0..<config.nEpochs {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(shuffleGenerator.next() % UInt64(i + 1))
                indices.swapAt(i, j)
            }
            for start in stride(from: 0, to: n, by: config.batchSize) {
                let rows = Array(indices[start..<min(start + config.batchSize, n)])
                let batch = PPOLoss.Batch(
                    actions: rows.map { rollout.actions[$0] }, oldLogProbs: rows.map { rollout.logProbs[$0] },
                    advantages: rows.map { advantages[$0] }, returns: rows.map { returns[$0] },
                    oldValues: rows.map { rollout.values[$0] })
                rollout.observations.withUnsafeBufferPointer { source in
                    minibatch.withUnsafeMutableBufferPointer { target in
                        for (k, row) in rows.enumerated() {
                            (target.checkedBase + k * size).update(from: source.checkedBase + row * size, count: size)
                        }
                    }
                }
                for k in 0..<gradients.count { gradients[k] = 0 }
                let terms = parameters.withUnsafeBufferPointer { p in
                    minibatch.withUnsafeBufferPointer { input in
                        gradients.withUnsafeMutableBufferPointer { g in
                            workspace.forward(network: network, parameters: p.checkedBase, input: input.checkedBase, batch: rows.count)
                            let terms = PPOLoss.evaluate(
                                logits: workspace.logits, values: workspace.values, actionCount: network.actionCount,
                                batch: batch, coefficients: coefficients, logitGradient: workspace.logitGradient,
                                valueGradient: workspace.valueGradient)
                            workspace.backward(network: network, parameters: p.checkedBase, gradients: g.checkedBase, input: input.checkedBase, batch: rows.count)
                            return terms
                        }
                    }
                }
                guard terms.total.isFinite else { throw .diverged(update: updateIndex) }
                GradientClipping.clipGlobalNorm(&gradients, maxNorm: config.maxGradNorm, summation: .eightLanes)
                optimizer.step(parameters: &parameters, gradients: gradients)
                sums.policyLoss += terms.policyLoss
                sums.valueLoss += terms.valueLoss
                sums.entropy += terms.entropy
                sums.approxKL += terms.approxKL
                sums.clipFraction += terms.clipFraction
                minibatches += 1
            }
        }
        let m = Double(minibatches)
        return PPOUpdateStats(
            policyLoss: sums.policyLoss / m, valueLoss: sums.valueLoss / m, entropy: sums.entropy / m,
            approxKL: sums.approxKL / m, clipFraction: sums.clipFraction / m,
            explainedVariance: Self.explainedVariance(predicted: rollout.values, target: returns),
            learningRate: optimizer.learningRate)
    }

    /// `1 − Var(target − predicted) / Var(target)`; NaN when `Var(target)` is 0.
    static func explainedVariance(predicted: [Double], target: [Double]) -> Double {
        func variance(_ x: [Double]) -> Double {
            let mean = x.reduce(0, +) / Double(x.count)
            return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
        }
        let varianceOfTarget = variance(target)
        guard varianceOfTarget > 0 else { return .nan }
        return 1 - variance(zip(target, predicted).map { $0 - $1 }) / varianceOfTarget
    }
}

/// The transitions of one rollout (a reference so the trainer mutates it without copies).
final class PPORolloutBuffer {
    var observations: [Float]
    var actions: [Int]
    var logProbs: [Double]
    var values: [Double]
    var rewards: [Double]
    var ends: [PPOAdvantages.StepEnd]
    var nextValue = 0.0

    init(steps: Int, observationSize: Int) {
        observations = [Float](repeating: 0, count: steps * observationSize)
        actions = [Int](repeating: 0, count: steps)
        logProbs = [Double](repeating: 0, count: steps)
        values = [Double](repeating: 0, count: steps)
        rewards = [Double](repeating: 0, count: steps)
        ends = [PPOAdvantages.StepEnd](repeating: .continuing, count: steps)
    }
}

/// The environment-side state carried across rollouts.
struct PPORolloutState {
    var raw: [Float]
    var current: [Float]
    var episodeReturn = 0.0
    var episodes = 0
    var recentReturns: [Double] = []

    init(observationSize: Int) {
        raw = [Float](repeating: 0, count: observationSize)
        current = raw
    }

    mutating func finishEpisode() {
        episodes += 1
        recentReturns.append(episodeReturn)
        if recentReturns.count > 100 { recentReturns.removeFirst() }
    }

    var meanRecentReturn: Double {
        recentReturns.isEmpty ? .nan : recentReturns.reduce(0, +) / Double(recentReturns.count)
    }
}
