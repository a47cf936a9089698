@testable import KiloCore

/// A small synthetic symbol (random-walk closes, Gaussian features) for the PPO tests.
enum PPOTestData {
    static let featureNames = ["f0", "f1", "f2"]

    static func market(rows: Int, seed: UInt64 = 17) -> (features: [Float], closes: [Double]) {
        var generator = SplitMix64(seed: seed)
        let features = (0..<(rows * featureNames.count)).map { _ in Float(generator.nextGaussian()) }
        var price = 100.0
        let closes = (0..<rows).map { _ -> Double in
            price *= 1 + 0.01 * generator.nextGaussian()
            return price
        }
        return (features, closes)
    }

    static func smallConfig(seed: Int = 3) -> PPOConfig {
        var config = PPOConfig()
        config.sequenceLength = 5
        config.episodeLength = 40
        config.nSteps = 64
        config.batchSize = 16
        config.nEpochs = 2
        config.totalTimesteps = 128
        config.hiddenSizes = [8, 8]
        config.seed = seed
        return config
    }
}
