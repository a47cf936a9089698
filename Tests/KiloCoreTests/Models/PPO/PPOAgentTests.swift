import Foundation
import Testing

@testable import KiloCore

@Suite(.blasThreadsPinned) struct PPOAgentTests {
    private func trainedAgent(seed: Int = 3) throws -> PPOAgent {
        let (features, closes) = PPOTestData.market(rows: 300)
        return try PPOAgent.train(
            config: PPOTestData.smallConfig(seed: seed), featureNames: PPOTestData.featureNames, specHash: "abc123",
            features: features, closes: closes, trainingRows: 0..<200, fee: 0.001, slippage: 0.0005
        ).agent
    }

    @Test func sameSeedGivesSameBits() throws {
        let a = try trainedAgent(seed: 3), b = try trainedAgent(seed: 3), c = try trainedAgent(seed: 4)
        #expect(a.policy.parameters.map(\.bitPattern) == b.policy.parameters.map(\.bitPattern))
        #expect(a.policy.normalizer == b.policy.normalizer)
        #expect(a.policy.parameters != c.policy.parameters)
    }

    @Test func saveLoadRoundTripIsBitExact() throws {
        let agent = try trainedAgent()
        let normalizer = try #require(agent.policy.normalizer)
        #expect(normalizer.count > 100 && normalizer.mean.contains { $0 != 0 })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ppo-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try agent.save(to: path)
        let loaded = try PPOAgent.load(from: path)
        #expect(loaded == agent)
        #expect(loaded.policy.parameters.map(\.bitPattern) == agent.policy.parameters.map(\.bitPattern))
        #expect(loaded.policy.normalizer?.variance.map(\.bitPattern) == normalizer.variance.map(\.bitPattern))
        let file = try SafetensorsFile.read(from: path)
        #expect(file.metadata["format"] == "kilo-ppo")
        #expect(file.metadata["observation_shape"] == "[5,7]")
        #expect(file.metadata["feature_names"] == "[\"f0\",\"f1\",\"f2\"]")
        #expect(file.metadata["spec_hash"] == "abc123" && file.metadata["seed"] == "3")
        #expect(file.metadata["action_mapping"] == "[0,0.002,-0.002]")
        #expect(file.tensor(named: "obs_rms.mean")?.shape == [35])
    }

    @Test func shapeMismatchIsAClearError() throws {
        let agent = try trainedAgent()
        let (features, closes) = PPOTestData.market(rows: 300)
        let observation = try agent.observation(
            features: features, featureCount: 3, endingAt: 20, portfolio: PPOPortfolio(), price: closes[20])
        #expect(throws: PPOError.observationShapeMismatch(expected: [5, 7], actual: [5, 8])) {
            try agent.action(observation: observation + [0, 0, 0, 0, 0], shape: [5, 8])
        }
        #expect(throws: PPOError.observationShapeMismatch(expected: [5, 7], actual: [5, 8])) {
            try agent.observation(features: features, featureCount: 4, endingAt: 20, portfolio: PPOPortfolio(), price: 1)
        }
        #expect(throws: PPOError.observationShapeMismatch(expected: [5, 7], actual: [34])) {
            try agent.action(observation: Array(observation.dropLast()), shape: [5, 7])
        }
        #expect(PPOError.observationShapeMismatch(expected: [5, 7], actual: [5, 8]).description
            == "ppo observation has shape [5, 8] but the agent expects [5, 7]")
        // A file whose declared shape disagrees with its config is rejected on load.
        var file = agent.safetensorsFile()
        file.metadata["observation_shape"] = "[5,9]"
        #expect(throws: PPOError.observationShapeMismatch(expected: [5, 7], actual: [5, 9])) {
            try PPOAgent.decode(file, path: "x")
        }
        file = agent.safetensorsFile()
        file.metadata["format"] = "kilo-gru"
        #expect(throws: PPOError.self) { try PPOAgent.decode(file, path: "x") }
    }

    @Test func predictionMapsActionsToConfiguredReturns() throws {
        let agent = try trainedAgent()
        let (features, closes) = PPOTestData.market(rows: 300)
        for row in 10..<40 {
            let observation = try agent.observation(
                features: features, featureCount: 3, endingAt: row, portfolio: PPOPortfolio(), price: closes[row])
            let action = try agent.action(observation: observation, shape: [5, 7])
            #expect(try agent.expectedReturn(observation: observation, shape: [5, 7]) == [0.0, 0.002, -0.002][action])
            #expect(action == PPOPolicy.argmax(agent.policy.logits(rawObservation: observation)))
        }
    }

    @Test func evaluationReportComparesWithBuyAndHold() throws {
        let agent = try trainedAgent()
        let (features, closes) = PPOTestData.market(rows: 300)
        let report = try agent.evaluationReport(
            features: features, closes: closes, validationRows: 200..<250, testRows: 250..<300, fee: 0.001,
            slippage: 0.0005)
        #expect(report.validation.actionHistogram.reduce(0, +) == 49)
        let expectedHold = (1 / 1.001) / (closes[200] * 1.0005) * closes[249] - 1
        #expect(abs(report.validation.buyAndHoldReturn - expectedHold) < 1e-12)
        #expect(report.test.trades >= 0 && report.test.feesPaid >= 0)
        let histogram = report.test.actionHistogram
        #expect(report.test.collapsed == (Double(histogram.max()!) >= 0.98 * 49))
        #expect(throws: PPOError.self) {
            try agent.evaluate(features: features, closes: closes, rows: 2..<50, fee: 0, slippage: 0)
        }
    }
}
