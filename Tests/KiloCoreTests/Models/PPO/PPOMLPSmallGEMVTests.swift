import Testing

@testable import KiloCore

@Suite struct PPOMLPSmallGEMVTests {
    /// The batch-1 actor (SmallGEMV) agrees with the batched BLAS actor within Float rounding, and
    /// repeats its own bits.
    @Test func singleRowActorMatchesBatchedForward() {
        let network = PPONetwork(inputSize: 1240, hiddenSizes: [64, 64], actionCount: 3)
        var generator = SplitMix64(seed: 3)
        let parameters = network.initialParameters(generator: &generator).enumerated().map { i, p in
            p + Float(i % 7) * 0.01  // non-zero biases and a non-negligible policy head
        }
        let input = GradientCheck.random(1240, seed: 4).map(Float.init)
        let batched = PPOWorkspace<Float>(network: network, capacity: 1)
        let single = PPOWorkspace<Float>(network: network, capacity: 1)
        parameters.withUnsafeBufferPointer { p in
            input.withUnsafeBufferPointer { i in
                batched.forwardActor(network: network, parameters: p.baseAddress!, input: i.baseAddress!, batch: 1)
                single.forwardActorSingle(network: network, parameters: p.baseAddress!, input: i.baseAddress!)
            }
        }
        let first = (0..<3).map { single.logits[$0] }
        for j in 0..<3 { #expect(abs(first[j] - batched.logits[j]) <= 1e-5 * max(1, abs(batched.logits[j]))) }
        parameters.withUnsafeBufferPointer { p in
            input.withUnsafeBufferPointer { i in
                single.forwardActorSingle(network: network, parameters: p.baseAddress!, input: i.baseAddress!)
            }
        }
        #expect((0..<3).map { single.logits[$0].bitPattern } == first.map(\.bitPattern))
    }
}
