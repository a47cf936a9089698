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

    @Test func clippingScalesToTheMaximumNorm() {
        var g: [Float] = [3, 4]
        let norm = GradientClipping.clipGlobalNorm(&g, maxNorm: 1)
        #expect(abs(norm - 5) < 1e-9)
        #expect(abs(g[0] - 0.6) < 1e-6 && abs(g[1] - 0.8) < 1e-6)
        var small: [Float] = [0.3, 0.4]
        GradientClipping.clipGlobalNorm(&small, maxNorm: 1)
        #expect(small == [0.3, 0.4])
        var off: [Float] = [30, 40]
        #expect(GradientClipping.clipGlobalNorm(&off, maxNorm: 0) == 50)
        #expect(off == [30, 40])
    }

    @Test func plateauReducesAfterPatienceEpochsWithoutImprovement() {
        var scheduler = ReduceLROnPlateau(factor: 0.5, patience: 2, minimumLearningRate: 0.02)
        var lr = 0.1
        var history: [Double] = []
        for loss in [1.0, 0.9, 0.95, 0.92, 0.91, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9] {
            lr = scheduler.step(loss: loss, learningRate: lr)
            history.append(lr)
        }
        // Improvement at epochs 1–2, then 3 bad epochs (> patience 2) → halve; again after 3 more; floor 0.02.
        #expect(history == [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02])
    }
}
