/// Inverted dropout (PyTorch `nn.Dropout`): in training each element is kept with probability
/// `1 − p` and scaled by `1 / (1 − p)`, so evaluation is the identity.
public enum Dropout {
    /// Draws a mask of `0` or `1 / (1 − probability)` values from `generator`.
    /// - Complexity: O(count).
    @inline(__always)
    public static func sampleMask<T: NNScalar>(
        _ mask: UnsafeMutablePointer<T>, count: Int, probability: Double,
        generator: inout SplitMix64
    ) {
        precondition(probability >= 0 && probability < 1, "Dropout.sampleMask: probability \(probability)")
        let scale = T(1 / (1 - probability))
        for i in 0..<count { mask[i] = generator.nextUnit() < probability ? 0 : scale }
    }

    /// `output[i] = input[i] · mask[i]`.
    /// - Complexity: O(count).
    @inline(__always)
    public static func forward<T: NNScalar>(
        output: UnsafeMutablePointer<T>, input: UnsafePointer<T>, mask: UnsafePointer<T>, count: Int
    ) {
        for i in 0..<count { output[i] = input[i] * mask[i] }
    }

    /// `inputGradient[i] = outputGradient[i] · mask[i]`; the gradient may be updated in place.
    /// - Complexity: O(count).
    @inline(__always)
    public static func backward<T: NNScalar>(
        inputGradient: UnsafeMutablePointer<T>, outputGradient: UnsafePointer<T>,
        mask: UnsafePointer<T>, count: Int
    ) {
        for i in 0..<count { inputGradient[i] = outputGradient[i] * mask[i] }
    }
}
