/// The rectifier `max(0, x)`, forward and backward side by side.
public enum ReLU {
    /// `output[i] = max(0, input[i])`; NaN propagates (as in PyTorch); `output` may alias `input`.
    /// - Complexity: O(count).
    @inline(__always)
    public static func forward<T: NNScalar>(
        output: UnsafeMutablePointer<T>, input: UnsafePointer<T>, count: Int
    ) {
        for i in 0..<count { output[i] = input[i] < 0 ? 0 : input[i] }
    }

    /// `inputGradient[i] = output[i] > 0 ? outputGradient[i] : 0`, using the forward output (the
    /// derivative at exactly 0 is taken as 0, as PyTorch does).
    /// - Complexity: O(count).
    @inline(__always)
    public static func backward<T: NNScalar>(
        inputGradient: UnsafeMutablePointer<T>, outputGradient: UnsafePointer<T>,
        output: UnsafePointer<T>, count: Int
    ) {
        for i in 0..<count { inputGradient[i] = output[i] > 0 ? outputGradient[i] : 0 }
    }
}
