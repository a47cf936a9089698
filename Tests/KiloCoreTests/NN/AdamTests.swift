import Foundation
import Testing

@testable import KiloCore

@Suite struct AdamTests {
    /// Two steps computed by hand from PyTorch's Adam formulas (L2 weight decay).
    @Test func stepsMatchHandComputedValues() {
        let lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.01
        var adam = Adam(parameterCount: 2, learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd)
        var parameters: [Float] = [1.0, -2.0]
        let gradientSteps: [[Float]] = [[0.5, -0.25], [-0.3, 0.1]]
        var p = [1.0, -2.0], m = [0.0, 0.0], v = [0.0, 0.0]
        for (step, g) in gradientSteps.enumerated() {
            adam.step(parameters: &parameters, gradients: g)
            let t = Double(step + 1)
            for i in 0..<2 {
                let grad = Double(g[i]) + wd * p[i]
                m[i] = b1 * m[i] + (1 - b1) * grad
                v[i] = b2 * v[i] + (1 - b2) * grad * grad
                let mHat = m[i] / (1 - pow(b1, t)), vHat = v[i] / (1 - pow(b2, t))
                p[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
            #expect(abs(Double(parameters[0]) - p[0]) < 1e-6)
            #expect(abs(Double(parameters[1]) - p[1]) < 1e-6)
        }
        #expect(adam.stepCount == 2)
    }
}
