/// Vectorised single-precision exp, sigmoid and tanh for the GRU gate loops, in plain SIMD
/// arithmetic (no libm calls) so a whole vector is computed at once.
///
/// `exp` is Cephes' `expf` scheme: range reduction `x = k·ln2 + r` (k by round-to-nearest with
/// the 1.5·2²³ trick), a degree-6 polynomial for e^r, and 2^k built in the exponent bits; the input
/// is clamped to [−87, 88] and NaN propagates. Relative error is a few ulp. `tanh` uses Cephes' odd polynomial for
/// |x| < 0.625 and `1 − 2/(e^{2x} + 1)` otherwise (absolute error below 1e-7).
public enum FastMath {
    public typealias Vector = SIMD8<Float>

    /// e^x per lane.
    @inline(__always)
    public static func exp(_ input: Vector) -> Vector {
        let low = Vector(repeating: -87), high = Vector(repeating: 88)
        let x = input.replacing(with: low, where: input .< low).replacing(with: high, where: input .> high)
        let magic: Float = 12_582_912  // 1.5 · 2^23
        let biased = x * 1.442_695_04 + magic
        let k = biased - magic
        let r = x - k * 0.693_359_375 + k * 2.121_944_40e-4
        var p = Vector(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let er = p * (r * r) + r + 1
        let kBits = unsafeBitCast(biased, to: SIMD8<Int32>.self) &- magic.bitPattern.asInt32
        let scale = unsafeBitCast((kBits &+ 127) &<< 23, to: Vector.self)
        // NaN propagates (the clamp would have hidden it), as in libm and PyTorch.
        return (er * scale).replacing(with: input, where: input .!= input)
    }

    /// 1 / (1 + e^−x) per lane.
    @inline(__always)
    public static func sigmoid(_ x: Vector) -> Vector { 1 / (1 + exp(-x)) }

    /// tanh(x) per lane.
    @inline(__always)
    public static func tanh(_ x: Vector) -> Vector {
        let large = 1 - 2 / (exp(x + x) + 1)
        let z = x * x
        var p = Vector(repeating: -5.704_988_72e-3)
        p = p * z + 2.063_908_88e-2
        p = p * z - 5.373_971_56e-2
        p = p * z + 1.333_144_22e-1
        p = p * z - 3.333_328_19e-1
        let small = p * z * x + x
        return large.replacing(with: small, where: z .< 0.390_625)
    }

    /// Loads 8 floats from `pointer` (no alignment needed).
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    /// Stores 8 floats at `pointer`.
    @inline(__always)
    static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
    }
}

extension UInt32 {
    fileprivate var asInt32: Int32 { Int32(bitPattern: self) }
}
