/// Hand-written single-precision matrix–vector kernels for the small batch-1 shapes of the PPO
/// rollout and the GRU predictor, where OpenBLAS's per-call overhead (and, on CPUs it does not
/// recognise, its generic kernel) costs more than the arithmetic.
///
/// `affine` computes `y = W·x + b` for a PyTorch-layout weight `W[out, in]` (row-major), four
/// output rows at a time with one `SIMD8<Float>` accumulator per row (lanes of `i mod 8`), a
/// fixed pairwise reduction of the lanes, then the scalar tail and the bias. The summation order
/// depends only on `in`, so the result is deterministic and independent of the BLAS library and of
/// its kernel (it differs from `sgemm`'s in the last bits).
///
/// Which of this path and `sgemm` is faster per shape is decided by `SmallGEMV.prefersSIMD`
/// (measured; see its documentation).
public enum SmallGEMV {
    typealias V = SIMD8<Float>

    /// Whether the SIMD path is used for a batch-1 layer of `inputSize → outputSize` under the
    /// OpenBLAS kernel in use (`BLAS.coreName`, read once).
    ///
    /// The rule, from `SmallGEMVBenchmark` (EPYC Zen 4, OpenBLAS 0.3.21, one thread; figures in
    /// README "Training speed"): heads of at most 4 outputs always take the SIMD path (3–16× faster
    /// than sgemm's call overhead under every kernel); under a generic kernel (`Prescott` and every
    /// core name below AVX2 in `BLASKernelChoice`) every shape does (2–3× faster); under an AVX2/AVX-512 kernel
    /// only layers of at most `wideKernelThreshold` multiply-adds do, larger ones stay in sgemm.
    /// - Complexity: O(1).
    @inline(__always)
    public static func prefersSIMD(inputSize: Int, outputSize: Int) -> Bool {
        prefersSIMD(inputSize: inputSize, outputSize: outputSize, wideBLAS: blasKernelIsWide)
    }

    /// The rule for a given kind of BLAS kernel (tests call it for both).
    @inline(__always)
    static func prefersSIMD(inputSize: Int, outputSize: Int, wideBLAS: Bool) -> Bool {
        outputSize <= 4 || !wideBLAS || inputSize * outputSize <= wideKernelThreshold
    }

    /// Multiply-adds up to which the SIMD path beats an AVX2/AVX-512 sgemm at batch 1.
    public static let wideKernelThreshold = 4096

    /// Whether the OpenBLAS kernel in use needs AVX2 or AVX-512 (`BLASKernelChoice`'s table of
    /// kernels; an unknown name counts as generic).
    public static let blasKernelIsWide = isWide(kernel: BLAS.coreName)

    /// Whether `kernel` (an OpenBLAS core name) needs AVX2 or AVX-512.
    static func isWide(kernel: String) -> Bool {
        (BLASKernelChoice.level(ofKernel: kernel) ?? .sse) >= .avx2
    }

    /// `output[o] = bias[o] + Σ_i weight[o·inputSize + i] · input[i]` (no bias term when `bias` is nil).
    /// - Complexity: O(inputSize · outputSize), no allocation.
    @inline(__always)
    public static func affine(
        output: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, inputSize n: Int, outputSize: Int
    ) {
        let x = UnsafeRawPointer(input)
        let blocked = n - n % 8
        var o = 0
        // Four rows at a time, one eight-lane accumulator each: eight SSE registers of sums, two
        // of input, the rest for the weight loads (more accumulators spill on x86-64).
        while o + 4 <= outputSize {
            let w0 = UnsafeRawPointer(weight + o * n), w1 = UnsafeRawPointer(weight + (o + 1) * n)
            let w2 = UnsafeRawPointer(weight + (o + 2) * n), w3 = UnsafeRawPointer(weight + (o + 3) * n)
            var a0 = V.zero, a1 = V.zero, a2 = V.zero, a3 = V.zero
            var byte = 0
            while byte < blocked * 4 {
                let xv = x.loadUnaligned(fromByteOffset: byte, as: V.self)
                a0 += w0.loadUnaligned(fromByteOffset: byte, as: V.self) * xv
                a1 += w1.loadUnaligned(fromByteOffset: byte, as: V.self) * xv
                a2 += w2.loadUnaligned(fromByteOffset: byte, as: V.self) * xv
                a3 += w3.loadUnaligned(fromByteOffset: byte, as: V.self) * xv
                byte += 32
            }
            output[o] = finish(a0, row: weight + o * n, input: input, from: blocked, to: n) + (bias?[o] ?? 0)
            output[o + 1] = finish(a1, row: weight + (o + 1) * n, input: input, from: blocked, to: n) + (bias?[o + 1] ?? 0)
            output[o + 2] = finish(a2, row: weight + (o + 2) * n, input: input, from: blocked, to: n) + (bias?[o + 2] ?? 0)
            output[o + 3] = finish(a3, row: weight + (o + 3) * n, input: input, from: blocked, to: n) + (bias?[o + 3] ?? 0)
            o += 4
        }
        while o < outputSize {
            let w = UnsafeRawPointer(weight + o * n)
            var a = V.zero
            var byte = 0
            while byte < blocked * 4 {
                a += w.loadUnaligned(fromByteOffset: byte, as: V.self) * x.loadUnaligned(fromByteOffset: byte, as: V.self)
                byte += 32
            }
            output[o] = finish(a, row: weight + o * n, input: input, from: blocked, to: n) + (bias?[o] ?? 0)
            o += 1
        }
    }

    /// The lanes reduced in a fixed pairwise order, plus the scalar tail `from..<to` in order.
    @inline(__always)
    private static func finish(
        _ lanes: V, row: UnsafePointer<Float>, input: UnsafePointer<Float>, from: Int, to: Int
    ) -> Float {
        let four = lanes.lowHalf + lanes.highHalf
        let two = four.lowHalf + four.highHalf
        var sum = two[0] + two[1]
        var i = from
        while i < to {
            sum += row[i] * input[i]
            i += 1
        }
        return sum
    }
}
