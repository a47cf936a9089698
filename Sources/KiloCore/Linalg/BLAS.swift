import CBLAS

/// Thin, shape-checked wrappers over the OpenBLAS routines the models use (row-major).
public enum BLAS {
    /// `C = alpha * op(A) * op(B) + beta * C` in single precision, all matrices row-major.
    ///
    /// - Parameters:
    ///   - a: `[m, k]` (or `[k, m]` when `transposeA`).
    ///   - b: `[k, n]` (or `[n, k]` when `transposeB`).
    ///   - c: `[m, n]`, updated in place.
    /// - Complexity: O(m·n·k).
    @inlinable
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>, beta: Float = 0,
        c: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha, a,
            Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c, Int32(n))
    }

    /// `C = alpha * op(A) * op(B) + beta * C` in double precision, all matrices row-major.
    /// - Complexity: O(m·n·k).
    @inlinable
    public static func dgemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, b: UnsafePointer<Double>, beta: Double = 0,
        c: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemm(
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
