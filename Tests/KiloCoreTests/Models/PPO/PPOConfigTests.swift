import Foundation
import Testing

@testable import KiloCore

@Suite struct PPOConfigTests {
    @Test func defaultsMatchTheIssue() {
        let c = PPOConfig()
        #expect(c.learningRate == 3e-4 && c.nSteps == 2048 && c.batchSize == 64 && c.nEpochs == 10)
        #expect(c.gamma == 0.99 && c.gaeLambda == 0.95 && c.clipRange == 0.2 && c.entCoef == 0.01)
        #expect(c.vfCoef == 0.5 && c.maxGradNorm == 0.5 && c.totalTimesteps == 100_000)
        #expect(c.hiddenSizes == [64, 64] && c.actionReturns == [0.0, 0.002, -0.002])
    }

    @Test func missingKeysKeepDefaultsAndKeysAreSnakeCase() throws {
        let decoded = try JSONDecoder().decode(PPOConfig.self, from: Data(#"{"n_steps": 128, "hidden_sizes": [32]}"#.utf8))
        var expected = PPOConfig()
        expected.nSteps = 128
        expected.hiddenSizes = [32]
        #expect(decoded == expected)
        let roundTrip = try JSONDecoder().decode(PPOConfig.self, from: JSONEncoder().encode(expected))
        #expect(roundTrip == expected)
        #expect(PPOConfig.keys.map(\.name).contains("clip_range_vf"))
    }

    @Test func validationNamesTheKey() {
        var c = PPOConfig()
        c.batchSize = 4096
        #expect(throws: ConfigError.invalidValue(key: "models.ppo.batch_size", value: "4096", reason: "must be in 1...n_steps")) {
            try c.validate(prefix: "models.ppo")
        }
        c = PPOConfig()
        c.actionReturns = [0, 1]
        #expect(throws: ConfigError.self) { try c.validate(prefix: "models.ppo") }
        #expect(throws: Never.self) { try PPOConfig().validate(prefix: "models.ppo") }
    }
}
