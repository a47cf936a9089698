/// A fully connected layer `y = x · Wᵀ + b` (PyTorch `nn.Linear` layout: `W` is `[out, in]`),
/// forward and backward side by side.
public enum Linear {
    /// `output[B, out] = input[B, in] · weightᵀ + bias`.
    /// - Complexity: O(B·in·out), one gemm.
    @inline(__always)
    public static func forward<T: NNScalar>(
        output: UnsafeMutablePointer<T>, input: UnsafePointer<T>, weight: UnsafePointer<T>,
        bias: UnsafePointer<T>, batch: Int, inputSize: Int, outputSize: Int
    ) {
        for row in 0..<batch {
            (output + row * outputSize).update(from: bias, count: outputSize)
        }
        T.gemm(
            transposeA: false, transposeB: true, m: batch, n: outputSize, k: inputSize, alpha: 1,
            a: input, b: weight, beta: 1, c: output)
    }

    /// Accumulates `weightGradient += outputGradientᵀ · input` and `biasGradient += Σ_rows
    /// outputGradient`, and writes `inputGradient = outputGradient · weight` when it is given.
    /// - Complexity: O(B·in·out), two gemms.
    @inline(__always)
    public static func backward<T: NNScalar>(
        inputGradient: UnsafeMutablePointer<T>?, weightGradient: UnsafeMutablePointer<T>,
        biasGradient: UnsafeMutablePointer<T>, outputGradient: UnsafePointer<T>,
        input: UnsafePointer<T>, weight: UnsafePointer<T>, batch: Int, inputSize: Int,
        outputSize: Int
    ) {
        T.gemm(
            transposeA: true, transposeB: false, m: outputSize, n: inputSize, k: batch, alpha: 1,
            a: outputGradient, b: input, beta: 1, c: weightGradient)
        for row in 0..<batch {
            let source = outputGradient + row * outputSize
            for j in 0..<outputSize { biasGradient[j] += source[j] }
        }
        if let inputGradient {
            T.gemm(
                transposeA: false, transposeB: false, m: batch, n: inputSize, k: outputSize,
                alpha: 1, a: outputGradient, b: weight, beta: 0, c: inputGradient)
        }
    }
}
