#if canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel
#endif

/// `Adam`'s update with its element loop in SIMD4 and the square root in SSE `sqrtps`: the same arithmetic per element, in the same
/// order, so the results are bit-identical to `Adam.step` (tested); the scalar `Adam` loop is not
/// vectorised by the compiler (the four buffers may alias), which makes it the bottleneck for
/// small networks trained with many minibatches (PPO).
public struct VectorizedAdam: Sendable, Equatable {
    /// The learning rate (changed by a scheduler between updates).
    public var learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let weightDecay: Double
    /// The number of steps taken.
    public private(set) var stepCount = 0
    public private(set) var firstMoment: [Float]
    public private(set) var secondMoment: [Float]

    /// An optimiser for `parameterCount` parameters with zeroed moments (PyTorch defaults).
    public init(
        parameterCount: Int, learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0
    ) {
        precondition(learningRate >= 0, "VectorizedAdam.init: learningRate \(learningRate)")
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "VectorizedAdam.init: betas \(beta1), \(beta2)")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoment = [Float](repeating: 0, count: parameterCount)
        secondMoment = [Float](repeating: 0, count: parameterCount)
    }

    /// Applies one update to `parameters` from `gradients` (both in the same layout).
    /// - Complexity: O(parameter count), four lanes at a time.
    public mutating func step(parameters: inout [Float], gradients: [Float]) {
        precondition(
            parameters.count == firstMoment.count && gradients.count == firstMoment.count,
            "VectorizedAdam.step: \(parameters.count) parameters, \(gradients.count) gradients, \(firstMoment.count) expected")
        stepCount += 1
        // The bias corrections exactly as `Adam` forms them (square-and-multiply powers).
        let stepSize = Float(learningRate / (1 - Self.power(beta1, stepCount)))
        let correction2Root = Float((1 - Self.power(beta2, stepCount)).squareRoot())
        let b1 = Float(1 - beta1), b2 = Float(beta2), oneMinusB2 = Float(1 - beta2)
        let eps = Float(epsilon), decay = Float(weightDecay)
        let count = parameters.count
        typealias V = SIMD4<Float>
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        let pp = UnsafeMutableRawPointer(p.baseAddress!), gp = UnsafeRawPointer(g.baseAddress!)
                        let mp = UnsafeMutableRawPointer(m.baseAddress!), vp = UnsafeMutableRawPointer(v.baseAddress!)
                        var i = 0
                        while i + 4 <= count {
                            let offset = i * 4
                            let param = pp.loadUnaligned(fromByteOffset: offset, as: V.self)
                            var grad = gp.loadUnaligned(fromByteOffset: offset, as: V.self)
                            if decay != 0 { grad = grad + decay * param }
                            var first = mp.loadUnaligned(fromByteOffset: offset, as: V.self)
                            first += b1 * (grad - first)
                            let second = b2 * vp.loadUnaligned(fromByteOffset: offset, as: V.self) + oneMinusB2 * grad * grad
                            let denominator = Self.squareRoot(second) / correction2Root + eps
                            mp.storeBytes(of: first, toByteOffset: offset, as: V.self)
                            vp.storeBytes(of: second, toByteOffset: offset, as: V.self)
                            pp.storeBytes(of: param - stepSize * (first / denominator), toByteOffset: offset, as: V.self)
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
    /// `squareRoot()` goes lane by lane through the errno-checking libm path there), else the
    /// standard library's. Both are IEEE-exact, so the results are the same bits.
    @inline(__always)
    static func squareRoot(_ x: SIMD4<Float>) -> SIMD4<Float> {
        #if canImport(_Builtin_intrinsics.intel)
        return _mm_sqrt_ps(x)
        #else
        return x.squareRoot()
        #endif
    }

    /// `base^exponent` by square-and-multiply, as `Adam` computes its bias corrections.
    static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0, remaining = exponent, factor = base
        while remaining > 0 {
            if remaining & 1 == 1 { result *= factor }
            factor *= factor
            remaining >>= 1
        }
        return result
    }
}
