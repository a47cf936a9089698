/// A quick numeric check of the BLAS kernel in use: `sgemm` in all four transpose combinations,
/// `sgemv` both ways and `dgemm`, on fixed pseudo-random data at the shapes Kilo's models use,
/// each compared with a plain loop that accumulates in `Double`.
///
/// Some OpenBLAS kernels compute wrong results on some CPUs; Kilo runs this in a child process
/// before it switches kernels, so a kernel that is wrong, or crashes, is never used.
public enum BLASSelfTest {
    /// The outcome: `nil` when every product agrees, else the first disagreement in words.
    public struct Outcome: Sendable, Equatable {
        public var failure: String?
        public var passed: Bool { failure == nil }
    }

    /// `(m, n, k)` of the `sgemm` checks: a GRU/PPO batch-1 row, a square block, odd sizes that
    /// exercise the kernels' edge loops, and a wider training-step product.
    static let shapes: [(m: Int, n: Int, k: Int)] = [(1, 64, 120), (64, 64, 64), (37, 29, 61), (96, 72, 64)]

    /// Runs every check. `corrupt` perturbs one result before it is compared, so tests can show
    /// that a wrong kernel fails the check (fail closed).
    /// - Complexity: about 3.5 million multiply-adds; well under a millisecond with a working kernel.
    public static func run(corrupt: Bool = false) -> Outcome {
        var random = SplitMix64(seed: 0x6B69_6C6F_626C_6173)
        for (m, n, k) in shapes {
            for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = (0..<(m * k)).map { _ in random.nextUnitFloat() * 2 - 1 }
                let b = (0..<(k * n)).map { _ in random.nextUnitFloat() * 2 - 1 }
                var c = (0..<(m * n)).map { _ in random.nextUnitFloat() * 2 - 1 }
                let c0 = c
                let alpha: Float = 0.75, beta: Float = transposeA ? 0.5 : 0
                BLAS.gemm(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, b: b,
                    beta: beta, c: &c)
                if corrupt { c[c.count / 2] += 0.5 }
                let name = "sgemm \(transposeA ? "T" : "N")\(transposeB ? "T" : "N") \(m)×\(n)×\(k)"
                if let failure = compare(
                    c, name: name, m: m, n: n,
                    expected: { i, j in
                        var sum = 0.0, magnitude = abs(Double(beta) * Double(c0[i * n + j]))
                        for p in 0..<k {
                            let x = Double(transposeA ? a[p * m + i] : a[i * k + p])
                            let y = Double(transposeB ? b[j * k + p] : b[p * n + j])
                            sum += x * y
                            magnitude += abs(Double(alpha) * x * y)
                        }
                        return (Double(alpha) * sum + Double(beta) * Double(c0[i * n + j]), magnitude)
                    })
                {
                    return Outcome(failure: failure)
                }
            }
        }
        if let failure = checkGEMV(&random) { return Outcome(failure: failure) }
        if let failure = checkDGEMM(&random) { return Outcome(failure: failure) }
        return Outcome(failure: nil)
    }

    /// `y = A·x` and `y = Aᵀ·x` for a 64 × 1200 matrix (a PPO observation layer).
    private static func checkGEMV(_ random: inout SplitMix64) -> String? {
        let m = 64, n = 1200
        let a = (0..<(m * n)).map { _ in random.nextUnitFloat() * 2 - 1 }
        for transposeA in [false, true] {
            let inputs = transposeA ? m : n, outputs = transposeA ? n : m
            let x = (0..<inputs).map { _ in random.nextUnitFloat() * 2 - 1 }
            var y = [Float](repeating: 0, count: outputs)
            BLAS.sgemv(transposeA: transposeA, m: m, n: n, a: a, x: x, y: &y)
            let failure = compare(
                y, name: "sgemv \(transposeA ? "T" : "N") \(m)×\(n)", m: outputs, n: 1,
                expected: { i, _ in
                    var sum = 0.0, magnitude = 0.0
                    for p in 0..<inputs {
                        let term = Double(transposeA ? a[p * n + i] : a[i * n + p]) * Double(x[p])
                        sum += term
                        magnitude += abs(term)
                    }
                    return (sum, magnitude)
                })
            if let failure { return failure }
        }
        return nil
    }

    /// One double-precision product (the gradient checks' path).
    private static func checkDGEMM(_ random: inout SplitMix64) -> String? {
        let m = 19, n = 23, k = 31
        let a = (0..<(m * k)).map { _ in random.nextUnit() * 2 - 1 }
        let b = (0..<(k * n)).map { _ in random.nextUnit() * 2 - 1 }
        var c = [Double](repeating: 0, count: m * n)
        BLAS.gemm(m: m, n: n, k: k, a: a, b: b, c: &c)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0, magnitude = 0.0
                for p in 0..<k {
                    sum += a[i * k + p] * b[p * n + j]
                    magnitude += abs(a[i * k + p] * b[p * n + j])
                }
                if abs(c[i * n + j] - sum) > 1e-12 * magnitude + 1e-300 {
                    return "dgemm \(m)×\(n)×\(k): C[\(i),\(j)] = \(c[i * n + j]), expected \(sum)"
                }
            }
        }
        return nil
    }

    /// Compares single-precision results with their `Double` reference: the error allowed is
    /// 1e-4 of the sum of the terms' magnitudes (Float rounding over up to 1,200 terms).
    private static func compare(
        _ actual: [Float], name: String, m: Int, n: Int, expected: (Int, Int) -> (value: Double, magnitude: Double)
    ) -> String? {
        for i in 0..<m {
            for j in 0..<n {
                let (value, magnitude) = expected(i, j)
                let got = Double(actual[i * n + j])
                if !got.isFinite || abs(got - value) > 1e-4 * magnitude + 1e-6 {
                    return "\(name): C[\(i),\(j)] = \(Float(got)), expected \(Float(value))"
                }
            }
        }
        return nil
    }
}
