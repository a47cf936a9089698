import Foundation

/// The floating-point types the neural-network kernels run on: `Float` for training and
/// inference, `Double` for the finite-difference gradient checks that validate the same code.
///
/// Every kernel in `NN/` and in the GRU model is generic over `NNScalar`, so the Double path used by
/// the tests is the very code that trains in Float.
public protocol NNScalar: BinaryFloatingPoint, Sendable where Self.RawSignificand: FixedWidthInteger {
    /// `C = alpha * op(A) * op(B) + beta * C`, row-major (OpenBLAS `?gemm`).
    /// - Complexity: O(m·n·k).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
        a: UnsafePointer<Self>, b: UnsafePointer<Self>, beta: Self, c: UnsafeMutablePointer<Self>)
    /// e^x.
    static func exponential(_ x: Self) -> Self
    /// The hyperbolic tangent.
    static func hyperbolicTangent(_ x: Self) -> Self
}

extension NNScalar {
    /// The logistic function 1 / (1 + e^-x).
    @inline(__always) static func sigmoid(_ x: Self) -> Self { 1 / (1 + exponential(-x)) }
}

extension Float: NNScalar {
    @inline(__always)
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>, beta: Float, c: UnsafeMutablePointer<Float>
    ) {
        BLAS.gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, b: b,
            beta: beta, c: c)
    }
    @inline(__always) public static func exponential(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) public static func hyperbolicTangent(_ x: Float) -> Float { Foundation.tanh(x) }
}

extension Double: NNScalar {
    @inline(__always)
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, b: UnsafePointer<Double>, beta: Double,
        c: UnsafeMutablePointer<Double>
    ) {
        BLAS.gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, b: b,
            beta: beta, c: c)
    }
    @inline(__always) public static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) public static func hyperbolicTangent(_ x: Double) -> Double { Foundation.tanh(x) }
}
