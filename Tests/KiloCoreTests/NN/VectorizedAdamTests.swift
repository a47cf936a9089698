import Testing

@testable import KiloCore

@Suite struct VectorizedAdamTests {
    @Test(arguments: [0.0, 0.01])
    func isBitIdenticalToAdam(weightDecay: Double) {
        let count = 37  // four SIMD8 blocks and a scalar tail
        var generator = SplitMix64(seed: 77)
        var reference = Adam(parameterCount: count, learningRate: 3e-3, epsilon: 1e-5, weightDecay: weightDecay)
        var vectorized = VectorizedAdam(parameterCount: count, learningRate: 3e-3, epsilon: 1e-5, weightDecay: weightDecay)
        var a = (0..<count).map { _ in Float(generator.nextGaussian()) }
        var b = a
        for step in 0..<25 {
            let gradients = (0..<count).map { _ in Float(generator.nextGaussian()) * (step % 3 == 0 ? 1e-3 : 1) }
            reference.learningRate = 3e-3 * (1 - Double(step) / 25)
            vectorized.learningRate = reference.learningRate
            reference.step(parameters: &a, gradients: gradients)
            vectorized.step(parameters: &b, gradients: gradients)
        }
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        #expect(reference.firstMoment.map(\.bitPattern) == vectorized.firstMoment.map(\.bitPattern))
        #expect(reference.secondMoment.map(\.bitPattern) == vectorized.secondMoment.map(\.bitPattern))
        #expect(vectorized.stepCount == 25)
    }
}
