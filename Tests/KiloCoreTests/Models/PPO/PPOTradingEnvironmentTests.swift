import Foundation
import Testing

@testable import KiloCore

@Suite struct PPOTradingEnvironmentTests {
    private func environment(seed: UInt64 = 1) throws -> PPOTradingEnvironment {
        let (features, closes) = PPOTestData.market(rows: 300)
        return try PPOTradingEnvironment(
            features: features, featureCount: 3, closes: closes, episodeRows: 0..<200, sequenceLength: 5,
            episodeLength: 40, fee: 0.001, slippage: 0.0005, seed: seed)
    }

    @Test func observationIsBuiltIdenticallyInTrainingAndTrading() throws {
        var env = try environment()
        let config = PPOTestData.smallConfig()
        let trainer = PPOTrainer(config: config, observationSize: env.observationSize, actionCount: 3)
        let agent = try PPOAgent(config: config, featureNames: PPOTestData.featureNames, specHash: "h", policy: trainer.policy)
        #expect(agent.observationShape == env.observationShape && env.observationShape == [5, 7])
        var observation = [Float](repeating: 0, count: env.observationSize)
        observation.withUnsafeMutableBufferPointer { env.reset(observation: $0) }
        for action in [0, 1, 0, 0, 2, 1, 1, 0] {
            let traded = try agent.observation(
                features: env.features, featureCount: 3, endingAt: env.row, portfolio: env.portfolio,
                price: env.closes[env.row])
            #expect(traded.map(\.bitPattern) == observation.map(\.bitPattern))
            _ = observation.withUnsafeMutableBufferPointer { env.step(action: action, observation: $0) }
        }
        // The last feature row of the window is the current row; portfolio columns follow.
        let last = Array(observation[(4 * 7)..<(4 * 7 + 3)])
        #expect(last == Array(env.features[(env.row * 3)..<(env.row * 3 + 3)]))
        #expect(observation[4 * 7 + 3] == 1 && observation[4 * 7 + 5] == 0)  // long: position 1, cash 0
    }

    @Test func rewardIsTheLogChangeOfValueNetOfCosts() throws {
        var env = try environment()
        var observation = [Float](repeating: 0, count: env.observationSize)
        observation.withUnsafeMutableBufferPointer { env.reset(observation: $0) }
        let t = env.row
        let buy = observation.withUnsafeMutableBufferPointer { env.step(action: 1, observation: $0) }
        let units = (1 / 1.001) / (env.closes[t] * 1.0005)
        #expect(abs(buy.reward - log(units * env.closes[t + 1])) < 1e-12)
        #expect(abs(env.feesPaid - 0.001 / 1.001) < 1e-15)
        let sell = observation.withUnsafeMutableBufferPointer { env.step(action: 2, observation: $0) }
        let cash = units * env.closes[t + 1] * (1 - 0.0005) * (1 - 0.001)
        #expect(abs(sell.reward - log(cash / (units * env.closes[t + 1]))) < 1e-12)
        #expect(env.trades == 2 && !env.portfolio.isLong)
        let hold = observation.withUnsafeMutableBufferPointer { env.step(action: 0, observation: $0) }
        #expect(hold.reward == 0)
    }

    @Test func episodesStartInsideTheTrainingSplitAndTruncate() throws {
        var env = try environment(seed: 9)
        var observation = [Float](repeating: 0, count: env.observationSize)
        var starts = Set<Int>()
        for _ in 0..<200 {
            observation.withUnsafeMutableBufferPointer { env.reset(observation: $0) }
            starts.insert(env.row)
        }
        #expect(starts.min()! >= 4 && starts.max()! <= 199 - 40 && starts.count > 50)
        observation.withUnsafeMutableBufferPointer { env.reset(observation: $0) }
        var steps = 0
        while true {
            let result = observation.withUnsafeMutableBufferPointer { env.step(action: steps % 3, observation: $0) }
            steps += 1
            #expect(!result.terminated)
            if result.truncated { break }
        }
        #expect(steps == 40 && env.row < 200)
    }

    @Test func rejectsNonFiniteFeaturesAnEpisodeCanSee() throws {
        var (features, closes) = PPOTestData.market(rows: 300)
        features[2 * 3 + 1] = .nan  // row 2: inside the first window of rows 0..<200 (sequence 5)
        #expect(throws: PPOError.invalidData(reason: "feature row 2 (column 1) is not finite; episode rows must start after the warm-up")) {
            try PPOTradingEnvironment(
                features: features, featureCount: 3, closes: closes, episodeRows: 0..<200, sequenceLength: 5,
                episodeLength: 40, fee: 0, slippage: 0, seed: 0)
        }
        // Starting after the warm-up row is fine.
        _ = try PPOTradingEnvironment(
            features: features, featureCount: 3, closes: closes, episodeRows: 7..<200, sequenceLength: 5,
            episodeLength: 40, fee: 0, slippage: 0, seed: 0)
    }

    @Test func rejectsInconsistentData() {
        #expect(throws: PPOError.self) {
            try PPOTradingEnvironment(
                features: [1, 2, 3], featureCount: 2, closes: [1, 2], episodeRows: 0..<2, sequenceLength: 1,
                episodeLength: 5, fee: 0, slippage: 0, seed: 0)
        }
    }
}
