import Testing

@testable import KiloCore

@Suite struct PPONetworkTests {
    @Test func layoutNamesFollowThePyTorchModule() {
        let network = PPONetwork(inputSize: 4, hiddenSizes: [64, 64], actionCount: 2)
        #expect(network.layout.entries.map(\.name) == [
            "actor.0.weight", "actor.0.bias", "actor.2.weight", "actor.2.bias", "actor.4.weight", "actor.4.bias",
            "critic.0.weight", "critic.0.bias", "critic.2.weight", "critic.2.bias", "critic.4.weight", "critic.4.bias",
        ])
        #expect(network.layout["actor.4.weight"].shape == [2, 64])
        #expect(network.layout["critic.0.weight"].shape == [64, 4])
    }

    @Test func initialisationUsesCleanRLGainsAndZeroBiases() {
        let network = PPONetwork(inputSize: 4, hiddenSizes: [64, 64], actionCount: 2)
        var generator = SplitMix64(seed: 1)
        let p = network.initialParameters(generator: &generator)
        func rowNorm(_ name: String) -> Double {
            let e = network.layout[name]
            let row = p[e.offset..<(e.offset + e.shape[1])]
            return row.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        }
        #expect(abs(rowNorm("actor.4.weight") - 0.01) < 1e-6)
        #expect(abs(rowNorm("critic.4.weight") - 1) < 1e-5)
        #expect(abs(rowNorm("actor.2.weight") - 2.0.squareRoot()) < 1e-5)
        for entry in network.layout.entries where entry.name.hasSuffix("bias") {
            #expect(p[entry.range].allSatisfy { $0 == 0 })
        }
    }

    @Test func backwardMatchesFiniteDifferences() {
        let network = PPONetwork(inputSize: 5, hiddenSizes: [7, 6], actionCount: 3)
        let batch = 4
        let input = GradientCheck.random(batch * 5, seed: 11)
        let parameters = GradientCheck.random(network.layout.count, seed: 12, scale: 0.6)
        let probeLogits = GradientCheck.random(batch * 3, seed: 13)
        let probeValues = GradientCheck.random(batch, seed: 14)
        let workspace = PPOWorkspace<Double>(network: network, capacity: batch)
        func loss(_ p: [Double]) -> Double {
            p.withUnsafeBufferPointer { pp in
                input.withUnsafeBufferPointer { i in
                    workspace.forward(network: network, parameters: pp.baseAddress!, input: i.baseAddress!, batch: batch)
                }
            }
            var total = 0.0
            for k in 0..<(batch * 3) { total += workspace.logits[k] * probeLogits[k] }
            for k in 0..<batch { total += workspace.values[k] * probeValues[k] }
            return total
        }
        _ = loss(parameters)
        for k in 0..<(batch * 3) { workspace.logitGradient[k] = probeLogits[k] }
        for k in 0..<batch { workspace.valueGradient[k] = probeValues[k] }
        var gradients = [Double](repeating: 0, count: parameters.count)
        parameters.withUnsafeBufferPointer { p in
            input.withUnsafeBufferPointer { i in
                gradients.withUnsafeMutableBufferPointer { g in
                    workspace.backward(network: network, parameters: p.baseAddress!, gradients: g.baseAddress!, input: i.baseAddress!, batch: batch)
                }
            }
        }
        let numeric = GradientCheck.numeric(parameters, loss)
        #expect(GradientCheck.maxError(gradients, numeric) < 1e-8)
        #expect(gradients.filter { $0 != 0 }.count > parameters.count / 2)
    }
}
