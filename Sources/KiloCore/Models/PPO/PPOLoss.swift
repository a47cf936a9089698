import Foundation

/// The loss terms of one minibatch, as CleanRL logs them.
public struct PPOLossTerms: Sendable, Equatable {
    /// The clipped surrogate loss `mean(max(−A·r, −A·clip(r, 1−ε, 1+ε)))`.
    public var policyLoss: Double
    /// `0.5 · mean((V − R)²)` (or its clipped form).
    public var valueLoss: Double
    /// The mean entropy of the policy.
    public var entropy: Double
    /// `mean((r − 1) − log r)`, the low-variance KL estimator.
    public var approxKL: Double
    /// The fraction of samples with `|r − 1| > ε`.
    public var clipFraction: Double
    /// `policyLoss − entCoef·entropy + vfCoef·valueLoss`.
    public var total: Double
}

/// The PPO objective of CleanRL's `ppo.py` and its gradient with respect to the logits and the
/// values, computed sample by sample in Double and written back in `T`.
///
/// Gradients follow PyTorch's autograd: inside the clip range both surrogate branches are equal
/// and the unclipped one carries the gradient; outside, the gradient flows only when the
/// unclipped branch is the larger (pessimistic) one. The same rule applies to value clipping.
enum PPOLoss {
    /// Per-minibatch data (old log-probabilities, advantages, returns, old values) in Double.
    struct Batch {
        var actions: [Int]
        var oldLogProbs: [Double]
        var advantages: [Double]
        var returns: [Double]
        var oldValues: [Double]
    }

    /// Coefficients.
    struct Coefficients {
        var clipRange: Double
        var clipRangeVF: Double
        var entCoef: Double
        var vfCoef: Double
        var normalizeAdvantage: Bool
    }

    /// The loss of `logits[batch, actionCount]` and `values[batch]`, writing
    /// `∂loss/∂logits` to `logitGradient` and `∂loss/∂values` to `valueGradient`.
    /// - Complexity: O(batch · actionCount).
    static func evaluate<T: NNScalar>(
        logits: UnsafePointer<T>, values: UnsafePointer<T>, actionCount: Int, batch data: Batch,
        coefficients c: Coefficients, logitGradient: UnsafeMutablePointer<T>, valueGradient: UnsafeMutablePointer<T>
    ) -> PPOLossTerms {
        let n = data.actions.count
        var advantages = data.advantages
        if c.normalizeAdvantage && n > 1 {
            let mean = advantages.reduce(0, +) / Double(n)
            var sumSquares = 0.0
            for a in advantages { sumSquares += (a - mean) * (a - mean) }
            let std = (sumSquares / Double(n - 1)).squareRoot()
            for i in 0..<n { advantages[i] = (advantages[i] - mean) / (std + 1e-8) }
        }
        let inverseN = 1 / Double(n)
        var policyLoss = 0.0, valueLoss = 0.0, entropySum = 0.0, kl = 0.0, clipped = 0.0
        var logProbs = [Double](repeating: 0, count: actionCount)
        for i in 0..<n {
            let row = logits + i * actionCount
            var maximum = -Double.infinity
            for j in 0..<actionCount { maximum = max(maximum, Double(row[j])) }
            var sum = 0.0
            for j in 0..<actionCount { sum += exp(Double(row[j]) - maximum) }
            let logSum = maximum + log(sum)
            var entropy = 0.0
            for j in 0..<actionCount {
                logProbs[j] = Double(row[j]) - logSum
                entropy -= exp(logProbs[j]) * logProbs[j]
            }
            let action = data.actions[i]
            let logRatio = logProbs[action] - data.oldLogProbs[i]
            let ratio = exp(logRatio)
            kl += (ratio - 1) - logRatio
            if abs(ratio - 1) > c.clipRange { clipped += 1 }
            let advantage = advantages[i]
            let clippedRatio = min(max(ratio, 1 - c.clipRange), 1 + c.clipRange)
            let unclippedLoss = -advantage * ratio, clippedLoss = -advantage * clippedRatio
            policyLoss += max(unclippedLoss, clippedLoss)
            // ∂/∂ratio of the per-sample surrogate (then chain through ratio = exp(logπ − logπ_old)).
            let inRange = ratio >= 1 - c.clipRange && ratio <= 1 + c.clipRange
            let ratioGradient = (inRange || unclippedLoss > clippedLoss) ? -advantage * inverseN : 0
            let logProbGradient = ratioGradient * ratio
            entropySum += entropy
            let gradientOut = logitGradient + i * actionCount
            for j in 0..<actionCount {
                let p = exp(logProbs[j])
                var g = logProbGradient * ((j == action ? 1 : 0) - p)
                // −entCoef · mean(H): ∂H/∂z_j = −p_j (log p_j + H).
                g += c.entCoef * inverseN * p * (logProbs[j] + entropy)
                gradientOut[j] = T(g)
            }
            let value = Double(values[i]), target = data.returns[i]
            let unclippedValueLoss = (value - target) * (value - target)
            var valueGradientHere = value - target
            var sampleValueLoss = unclippedValueLoss
            if c.clipRangeVF > 0 {
                let old = data.oldValues[i]
                let step = value - old
                let clippedValue = old + min(max(step, -c.clipRangeVF), c.clipRangeVF)
                let clippedValueLoss = (clippedValue - target) * (clippedValue - target)
                if clippedValueLoss > unclippedValueLoss {
                    sampleValueLoss = clippedValueLoss
                    valueGradientHere = abs(step) <= c.clipRangeVF ? clippedValue - target : 0
                }
            }
            valueLoss += 0.5 * sampleValueLoss
            valueGradient[i] = T(c.vfCoef * valueGradientHere * inverseN)
        }
        let terms = PPOLossTerms(
            policyLoss: policyLoss * inverseN, valueLoss: valueLoss * inverseN, entropy: entropySum * inverseN,
            approxKL: kl * inverseN, clipFraction: clipped * inverseN, total: 0)
        var result = terms
        result.total = terms.policyLoss - c.entCoef * terms.entropy + c.vfCoef * terms.valueLoss
        return result
    }
}
