import Testing

@testable import KiloCore

/// The scalar Adam update, element by element, as `Adam.step` computed it before it went four
/// lanes at a time.
private func scalarAdamStep(
    parameters p: inout [Float], gradients g: [Float], m: inout [Float], v: inout [Float], step: Int,
    learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-5, weightDecay: Double
) {
    func power(_ base: Double, _ exponent: Int) -> Double {  // square-and-multiply, as Adam does
        var result = 1.0, remaining = exponent, factor = base
        while remaining > 0 {
            if remaining & 1 == 1 { result *= factor }
            factor *= factor
            remaining >>= 1
        }
        return result
    }
    let p1 = power(beta1, step), p2 = power(beta2, step)
    let stepSize = Float(learningRate / (1 - p1)), correction2Root = Float((1 - p2).squareRoot())
    let b1 = Float(1 - beta1), b2 = Float(beta2), oneMinusB2 = Float(1 - beta2)
    for i in p.indices {
        let grad = weightDecay == 0 ? g[i] : g[i] + Float(weightDecay) * p[i]
        m[i] += b1 * (grad - m[i])
        v[i] = b2 * v[i] + oneMinusB2 * grad * grad
        p[i] -= stepSize * (m[i] / (v[i].squareRoot() / correction2Root + Float(epsilon)))
    }
}

@Suite struct AdamVectorizationTests {
    @Test(arguments: [0.0, 0.01])
    func fourLaneStepIsBitIdenticalToTheScalarUpdate(weightDecay: Double) {
        let count = 37  // four SIMD8 blocks and a scalar tail
        var generator = SplitMix64(seed: 77)
        var vectorized = Adam(parameterCount: count, learningRate: 3e-3, epsilon: 1e-5, weightDecay: weightDecay)
        var m = [Float](repeating: 0, count: count)
        var v = [Float](repeating: 0, count: count)
        var a = (0..<count).map { _ in Float(generator.nextGaussian()) }
        var b = a
        for step in 0..<25 {
            let gradients = (0..<count).map { _ in Float(generator.nextGaussian()) * (step % 3 == 0 ? 1e-3 : 1) }
            let rate = 3e-3 * (1 - Double(step) / 25)
            vectorized.learningRate = rate
            scalarAdamStep(
                parameters: &a, gradients: gradients, m: &m, v: &v, step: step + 1, learningRate: rate,
                weightDecay: weightDecay)
            vectorized.step(parameters: &b, gradients: gradients)
        }
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        #expect(m.map(\.bitPattern) == vectorized.firstMoment.map(\.bitPattern))
        #expect(v.map(\.bitPattern) == vectorized.secondMoment.map(\.bitPattern))
        #expect(vectorized.stepCount == 25)
    }
}
