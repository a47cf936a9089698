import Foundation
import Testing

@testable import KiloCore

@Suite(.blasThreadsPinned) struct PPOTrainerTests {
    private func tinyCartPoleConfig(seed: Int) -> PPOConfig {
        var config = PPOSelfCheck.cartPoleConfig(timesteps: 256, seed: seed)
        config.nSteps = 128
        config.batchSize = 32
        config.nEpochs = 2
        return config
    }

    @Test func sameSeedGivesSameBits() throws {
        func run(_ seed: Int) throws -> ([Float], PPOTrainingSummary) {
            var trainer = PPOTrainer(config: tinyCartPoleConfig(seed: seed), observationSize: 4, actionCount: 2)
            var environment = CartPole(seed: 1)
            let summary = try trainer.train(environment: &environment)
            return (trainer.parameters, summary)
        }
        let (a, summaryA) = try run(4)
        let (b, summaryB) = try run(4)
        let (c, _) = try run(5)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        #expect(summaryA.lastStats == summaryB.lastStats)
        #expect(a != c)
    }

    @Test func reportsProgressAndStatsAndHonoursCancellation() throws {
        var trainer = PPOTrainer(config: tinyCartPoleConfig(seed: 0), observationSize: 4, actionCount: 2)
        var environment = CartPole(seed: 2)
        var seen: [PPOTrainingProgress] = []
        let summary = try trainer.train(environment: &environment) { seen.append($0) }
        #expect(seen.map(\.update) == [1, 2])
        #expect(summary.timesteps == 256 && summary.episodes > 0)
        let stats = try #require(summary.lastStats)
        #expect(stats.entropy > 0 && stats.entropy <= log(2.0) + 1e-9)
        #expect(stats.approxKL >= 0 && stats.valueLoss > 0 && stats.explainedVariance.isFinite)
        let token = CancellationToken()
        token.cancel()
        #expect(throws: PPOError.cancelled) { try trainer.train(environment: &environment, cancellation: token) }
    }

    @Test func linearDecayReachesTheLastFraction() throws {
        var config = tinyCartPoleConfig(seed: 0)
        config.annealLR = true
        config.totalTimesteps = 512
        var trainer = PPOTrainer(config: config, observationSize: 4, actionCount: 2)
        var environment = CartPole(seed: 2)
        var rates: [Double] = []
        _ = try trainer.train(environment: &environment) { rates.append($0.stats.learningRate) }
        #expect(rates.count == 4)
        for (k, rate) in rates.enumerated() { #expect(abs(rate - (1 - Double(k) / 4) * 3e-4) < 1e-15) }
    }

    /// A short CartPole run must clearly beat both the untrained argmax policy and a random policy
    /// (about 22 steps per episode).
    @Test func shortCartPoleRunImprovesClearly() throws {
        var config = PPOSelfCheck.cartPoleConfig(timesteps: 6_144, seed: 0)
        config.nSteps = 512
        config.nEpochs = 4
        config.learningRate = 1e-3
        var trainer = PPOTrainer(config: config, observationSize: 4, actionCount: 2)
        let before = PPOSelfCheck.evaluate(policy: trainer.policy, episodes: 10, seed: 9).reduce(0, +) / 10
        var environment = CartPole(seed: 3)
        _ = try trainer.train(environment: &environment)
        let after = PPOSelfCheck.evaluate(policy: trainer.policy, episodes: 10, seed: 9).reduce(0, +) / 10
        #expect(before < 40)
        #expect(after > 100, "mean return \(after) after training, \(before) before")
    }
}
