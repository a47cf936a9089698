import Foundation
import Testing

@testable import KiloCore

/// Release-mode measurements for `bench/ppo/run.sh` (KILO_BENCH=1); they print figures and assert
/// nothing about time.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["KILO_BENCH"] == "1"))
struct PPOBenchmarkTests {
    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    @Test func cartPoleSpeedAndReturn() throws {
        BLAS.setThreadCount(1)
        let timesteps = Int(environment["KILO_PPO_TIMESTEPS"] ?? "") ?? 100_000
        let seeds = (environment["KILO_PPO_SEEDS"] ?? "0").split(separator: ",").compactMap { Int($0) }
        for seed in seeds {
            let report = try PPOSelfCheck.cartPole(timesteps: timesteps, seed: seed)
            print(String(
                format: "kilo cartpole seed=%d timesteps=%d mean_return=%.1f steps_per_s=%.0f train_s=%.2f core=%@",
                seed, report.timesteps, report.meanReturn, report.stepsPerSecond, report.trainingSeconds,
                BLAS.coreName))
            #expect(report.meanReturn > 0)
        }
    }

    @Test func tradingSpeed() throws {
        BLAS.setThreadCount(1)
        let timesteps = Int(environment["KILO_PPO_TRADING_TIMESTEPS"] ?? "") ?? 20_480
        let rows = 5000, featureCount = 9
        var generator = SplitMix64(seed: 7)
        let features = (0..<(rows * featureCount)).map { _ in Float(generator.nextGaussian()) }
        var price = 100.0
        let closes = (0..<rows).map { _ in
            price *= 1 + 0.01 * generator.nextGaussian()
            return price
        }
        var config = PPOConfig()
        config.totalTimesteps = timesteps
        config.sequenceLength = 30
        var environmentModel = try PPOTradingEnvironment(
            features: features, featureCount: featureCount, closes: closes, episodeRows: 0..<4000,
            sequenceLength: 30, episodeLength: config.episodeLength, fee: 0.001, slippage: 0.0005, seed: 1)
        var trainer = PPOTrainer(config: config, observationSize: environmentModel.observationSize, actionCount: 3)
        let summary = try trainer.train(environment: &environmentModel)
        print(String(
            format: "kilo trading obs=30x%d timesteps=%d steps_per_s=%.0f train_s=%.2f core=%@",
            featureCount + 4, summary.timesteps, summary.stepsPerSecond, summary.seconds, BLAS.coreName))
        #expect(summary.timesteps == timesteps)
    }
}
