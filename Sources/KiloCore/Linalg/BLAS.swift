import CBLAS

/// Thin, shape-checked wrappers over the OpenBLAS routines the models use (row-major).
public enum BLAS {
    /// `cblas_?gemm(order, transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc)`.
    public typealias GEMMRoutine<Scalar> = (
        CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32, Scalar, UnsafePointer<Scalar>?, Int32,
        UnsafePointer<Scalar>?, Int32, Scalar, UnsafeMutablePointer<Scalar>?, Int32
    ) -> Void

    /// `C = alpha * op(A) * op(B) + beta * C`, all matrices row-major, in the precision of
    /// `Scalar` (`cblas_sgemm` for `Float`, `cblas_dgemm` for `Double`).
    ///
    /// - Parameters:
    ///   - a: `[m, k]` (or `[k, m]` when `transposeA`).
    ///   - b: `[k, n]` (or `[n, k]` when `transposeB`).
    ///   - c: `[m, n]`, updated in place.
    /// - Complexity: O(m·n·k).
    @inlinable
    public static func gemm<Scalar: BLASScalar>(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Scalar = 1, a: UnsafePointer<Scalar>, b: UnsafePointer<Scalar>, beta: Scalar = 0,
        c: UnsafeMutablePointer<Scalar>
    ) {
        Scalar.cblasGEMM(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha, a,
            Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c, Int32(n))
    }

    /// `y = alpha * op(A) * x + beta * y` in single precision, `A` row-major `[m, n]`.
    ///
    /// - Parameters:
    ///   - x: `n` values (`m` when `transposeA`).
    ///   - y: `m` values (`n` when `transposeA`), updated in place.
    /// - Complexity: O(m·n).
    @inlinable
    public static func sgemv(
        transposeA: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(n), x, 1,
            beta, y, 1)
    }

    /// Sets the number of OpenBLAS threads (1 is often fastest at GRU sizes).
    public static func setThreadCount(_ count: Int) { openblas_set_num_threads(Int32(count)) }

    /// The OpenBLAS kernel in use (for example `Haswell`), as OpenBLAS names it.
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build description, for example
    /// `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64`.
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// The number of threads OpenBLAS uses now.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}

/// The element types `BLAS.gemm` takes; each names its precision's CBLAS routine.
public protocol BLASScalar: BinaryFloatingPoint {
    /// `cblas_sgemm` or `cblas_dgemm`.
    static var cblasGEMM: BLAS.GEMMRoutine<Self> { get }
}

extension Float: BLASScalar {
    public static var cblasGEMM: BLAS.GEMMRoutine<Float> { cblas_sgemm }
}

extension Double: BLASScalar {
    public static var cblasGEMM: BLAS.GEMMRoutine<Double> { cblas_dgemm }
}
