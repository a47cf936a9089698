#if canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel
#endif

/// Adam with PyTorch's `torch.optim.Adam` semantics, over a flat parameter buffer.
///
/// Weight decay is PyTorch Adam's **L2 form** (not AdamW): the decay term is added to the
/// gradient before the moments are updated, `g ← g + λ·θ`, and it applies to every parameter
/// (biases included), as `torch.optim.Adam(params, weight_decay=λ)` does. One step `t ≥ 1` is
///
///     m ← m + (1 − β₁)(g − m)              (lerp, as PyTorch)
///     v ← β₂·v + (1 − β₂)·g²
///     θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// The moment buffers `m` and `v` share the parameters' `ParameterLayout`.
public struct Adam: Sendable, Equatable {
    /// The learning rate (changed by a scheduler between epochs).
    public var learningRate: Double
    /// β₁, the decay of the first moment.
    public let beta1: Double
    /// β₂, the decay of the second moment.
    public let beta2: Double
    /// ε, added to the denominator.
    public let epsilon: Double
    /// λ, the L2 penalty added to the gradient.
    public let weightDecay: Double
    /// The number of steps taken.
    public private(set) var stepCount = 0
    /// First-moment estimates, one per parameter.
    public private(set) var firstMoment: [Float]
    /// Second-moment estimates, one per parameter.
    public private(set) var secondMoment: [Float]

    /// An optimiser for `parameterCount` parameters with zeroed moments.
    public init(
        parameterCount: Int, learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0
    ) {
        precondition(learningRate >= 0, "Adam.init: learningRate \(learningRate)")
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam.init: betas \(beta1), \(beta2)")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoment = [Float](repeating: 0, count: parameterCount)
        secondMoment = [Float](repeating: 0, count: parameterCount)
    }

    /// Applies one update to `parameters` from `gradients` (both in the same layout).
    /// - Complexity: O(parameter count), one fused loop.
    public mutating func step(parameters: inout [Float], gradients: [Float]) {
        precondition(
            parameters.count == firstMoment.count && gradients.count == firstMoment.count,
            "Adam.step: \(parameters.count) parameters, \(gradients.count) gradients, \(firstMoment.count) expected")
        stepCount += 1
        let t = Double(stepCount)
        let stepSize = Float(learningRate / (1 - _pow(beta1, t)))
        let correction2Root = Float((1 - _pow(beta2, t)).squareRoot())
        let b1 = Float(1 - beta1), b2 = Float(beta2), oneMinusB2 = Float(1 - beta2)
        let eps = Float(epsilon), decay = Float(weightDecay)
        let count = parameters.count
        typealias V = SIMD4<Float>
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        guard let pp = p.baseAddress, let gp = g.baseAddress, let mp = m.baseAddress,
                            let vp = v.baseAddress
                        else { return }
                        // Four lanes at a time with the same arithmetic per element in the same
                        // order as the scalar tail below (bit-identical; the compiler does not
                        // vectorise the scalar loop because the buffers may alias).
                        var i = 0
                        while i + 4 <= count {
                            let param = UnsafeRawPointer(pp + i).loadUnaligned(as: V.self)
                            var grad = UnsafeRawPointer(gp + i).loadUnaligned(as: V.self)
                            if decay != 0 { grad = grad + decay * param }
                            var first = UnsafeRawPointer(mp + i).loadUnaligned(as: V.self)
                            first += b1 * (grad - first)
                            let second = b2 * UnsafeRawPointer(vp + i).loadUnaligned(as: V.self) + oneMinusB2 * grad * grad
                            let denominator = Self.squareRoot(second) / correction2Root + eps
                            UnsafeMutableRawPointer(mp + i).storeBytes(of: first, as: V.self)
                            UnsafeMutableRawPointer(vp + i).storeBytes(of: second, as: V.self)
                            UnsafeMutableRawPointer(pp + i).storeBytes(of: param - stepSize * (first / denominator), as: V.self)
                            i += 4
                        }
                        while i < count {
                            let grad = decay == 0 ? g[i] : g[i] + decay * p[i]
                            m[i] += b1 * (grad - m[i])
                            v[i] = b2 * v[i] + oneMinusB2 * grad * grad
                            let denominator = v[i].squareRoot() / correction2Root + eps
                            p[i] -= stepSize * (m[i] / denominator)
                            i += 1
                        }
                    }
                }
            }
        }
    }

    /// The correctly rounded square root of four lanes: SSE `sqrtps` on x86-64 (Swift's own
    /// `squareRoot()` goes lane by lane through libm there), else the standard library's. Both
    /// are IEEE-exact, so the results are the same bits.
    @inline(__always)
    static func squareRoot(_ x: SIMD4<Float>) -> SIMD4<Float> {
        #if canImport(_Builtin_intrinsics.intel)
        return _mm_sqrt_ps(x)
        #else
        return x.squareRoot()
        #endif
    }
}

@inline(__always) private func _pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var remaining = Int(exponent)
    var factor = base
    while remaining > 0 {
        if remaining & 1 == 1 { result *= factor }
        factor *= factor
        remaining >>= 1
    }
    return result
}
