import Foundation
import Testing

@testable import KiloCore

@Suite struct PPOLossTests {
    private let actions = 3, n = 8

    private func batch(logits: [Double], values: [Double]) -> PPOLoss.Batch {
        // Old log-probabilities chosen so that some ratios fall outside [0.8, 1.2] (clipped).
        var generator = SplitMix64(seed: 41)
        let chosen = (0..<n).map { _ in Int(generator.next() % 3) }
        let oldLogProbs = (0..<n).map { i -> Double in
            let row = Array(logits[(i * actions)..<((i + 1) * actions)])
            let lse = log(row.map { exp($0) }.reduce(0, +))
            return row[chosen[i]] - lse + [0.5, -0.5, 0.05, -0.05, 0.3, -0.3, 0.0, 0.1][i]
        }
        return PPOLoss.Batch(
            actions: chosen, oldLogProbs: oldLogProbs, advantages: [1.5, -0.7, 0.3, 2.0, -1.2, 0.8, -0.4, 0.1],
            returns: [0.5, 1.0, -0.3, 0.2, 0.9, -1.1, 0.4, 0.0], oldValues: values.map { $0 + 0.3 * sin(Double($0.bitPattern % 7)) })
    }

    private func evaluate(_ logits: [Double], _ values: [Double], _ data: PPOLoss.Batch, _ c: PPOLoss.Coefficients)
        -> (PPOLossTerms, [Double], [Double])
    {
        var dLogits = [Double](repeating: 0, count: logits.count), dValues = [Double](repeating: 0, count: values.count)
        let terms = logits.withUnsafeBufferPointer { l in
            values.withUnsafeBufferPointer { v in
                dLogits.withUnsafeMutableBufferPointer { gl in
                    dValues.withUnsafeMutableBufferPointer { gv in
                        PPOLoss.evaluate(
                            logits: l.baseAddress!, values: v.baseAddress!, actionCount: actions, batch: data,
                            coefficients: c, logitGradient: gl.baseAddress!, valueGradient: gv.baseAddress!)
                    }
                }
            }
        }
        return (terms, dLogits, dValues)
    }

    @Test(arguments: [0.0, 0.2])
    func gradientMatchesFiniteDifferences(valueClip: Double) {
        let logits = GradientCheck.random(n * actions, seed: 42, scale: 1.5)
        let values = GradientCheck.random(n, seed: 43)
        let data = batch(logits: logits, values: values)
        let c = PPOLoss.Coefficients(clipRange: 0.2, clipRangeVF: valueClip, entCoef: 0.01, vfCoef: 0.5, normalizeAdvantage: true)
        let (terms, dLogits, dValues) = evaluate(logits, values, data, c)
        #expect(terms.clipFraction > 0 && terms.clipFraction < 1)
        let numericLogits = GradientCheck.numeric(logits) { evaluate($0, values, data, c).0.total }
        let numericValues = GradientCheck.numeric(values) { evaluate(logits, $0, data, c).0.total }
        #expect(GradientCheck.maxError(dLogits, numericLogits) < 1e-7)
        #expect(GradientCheck.maxError(dValues, numericValues) < 1e-7)
        #expect(dLogits.contains { abs($0) > 1e-4 })
    }

    @Test func matchesCleanRLFormulasOnOneSample() {
        // One sample, ratio e^0.5 > 1.2 with positive advantage: clipped branch, no policy gradient.
        let logits = [0.0, 0.0, 0.0]
        let data = PPOLoss.Batch(actions: [0], oldLogProbs: [log(1.0 / 3) - 0.5], advantages: [2], returns: [1], oldValues: [0])
        let c = PPOLoss.Coefficients(clipRange: 0.2, clipRangeVF: 0, entCoef: 0, vfCoef: 0.5, normalizeAdvantage: true)
        let (terms, dLogits, dValues) = evaluate(logits, [0.25], data, c)
        #expect(abs(terms.policyLoss - (-2 * 1.2)) < 1e-12)
        #expect(dLogits == [0, 0, 0])
        #expect(abs(terms.valueLoss - 0.5 * 0.75 * 0.75) < 1e-12)
        #expect(abs(dValues[0] - 0.5 * (0.25 - 1)) < 1e-12)
        #expect(abs(terms.entropy - log(3.0)) < 1e-12)
        #expect(abs(terms.approxKL - ((exp(0.5) - 1) - 0.5)) < 1e-12)
        #expect(terms.clipFraction == 1)
    }
}
