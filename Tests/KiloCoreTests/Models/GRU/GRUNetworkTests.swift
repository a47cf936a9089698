import Testing

@testable import KiloCore

/// Whole-network gradient check in Double: the same generic kernels that train in Float.
@Suite struct GRUNetworkTests {
    let architecture = GRUArchitecture(inputSize: 3, hiddenSize: 4, layerCount: 2)
    let steps = 5, batch = 3

    func loss(
        _ parameters: [Double], inputs: [Double], targets: [Double], dropout: Double,
        gradients: UnsafeMutablePointer<Double>? = nil
    ) -> Double {
        let workspace = GRUWorkspace<Double>(architecture: architecture, steps: steps, batchCapacity: batch)
        workspace.input.update(from: inputs, count: inputs.count)
        var p = parameters
        // A fixed generator per pass gives the same dropout masks in every evaluation.
        var generator = SplitMix64(seed: 77)
        return p.withUnsafeMutableBufferPointer { pp in
            let output = GRUNetwork.forward(
                parameters: pp.baseAddress!, workspace: workspace, batch: batch, training: dropout > 0, dropout: dropout,
                generator: &generator)
            let value = MSELoss.forward(prediction: output, target: targets, count: batch)
            if let gradients {
                MSELoss.backward(predictionGradient: workspace.outputGradient, prediction: output, target: targets, count: batch)
                GRUNetwork.backward(parameters: pp.baseAddress!, gradients: gradients, workspace: workspace)
            }
            return value
        }
    }

    @Test(arguments: [0.0, 0.3])
    func wholeNetworkGradientMatchesFiniteDifferences(dropout: Double) {
        let parameters: [Double] = architecture.initialParameters(seed: 5).map { $0 * 2 }
        let inputs = GradientCheck.random(steps * batch * architecture.inputSize, seed: 31)
        let targets = GradientCheck.random(batch, seed: 32)
        var analytic = [Double](repeating: 0, count: parameters.count)
        _ = analytic.withUnsafeMutableBufferPointer {
            loss(parameters, inputs: inputs, targets: targets, dropout: dropout, gradients: $0.baseAddress!)
        }
        let numeric = GradientCheck.numeric(parameters) { loss($0, inputs: inputs, targets: targets, dropout: dropout) }
        #expect(GradientCheck.maxError(analytic, numeric) < 1e-7)
        // Every tensor receives gradient.
        for entry in architecture.layout.entries {
            #expect(analytic[entry.range].contains { $0 != 0 }, "no gradient for \(entry.name)")
        }
    }

    @Test func initialisationFollowsPyTorchBounds() {
        let p: [Float] = architecture.initialParameters(seed: 9)
        for entry in architecture.layout.entries {
            let fanIn = entry.name.hasPrefix("fc2") ? architecture.headSize : architecture.hiddenSize
            let bound = Float(1 / Double(fanIn).squareRoot())
            #expect(p[entry.range].allSatisfy { abs($0) <= bound })
            #expect(p[entry.range].map { abs($0) }.max()! > bound / 2 || entry.count < 4)
        }
        #expect(p == architecture.initialParameters(seed: 9))
        #expect(p != architecture.initialParameters(seed: 10))
        #expect(architecture.layout.entries.map(\.name) == [
            "gru.weight_ih_l0", "gru.weight_hh_l0", "gru.bias_ih_l0", "gru.bias_hh_l0",
            "gru.weight_ih_l1", "gru.weight_hh_l1", "gru.bias_ih_l1", "gru.bias_hh_l1",
            "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias",
        ])
    }
}
