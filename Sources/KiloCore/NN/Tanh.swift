/// The hyperbolic tangent activation, forward and backward side by side.
///
/// `Float` runs through the vectorised `FastMath.tanh` (absolute error below 1e-7); every other
/// scalar (the `Double` gradient checks) uses `T.hyperbolicTangent`.
public enum Tanh {
    /// `output[i] = tanh(input[i])`; `output` may alias `input`.
    /// - Complexity: O(count).
    @inline(__always)
    public static func forward<T: NNScalar>(
        output: UnsafeMutablePointer<T>, input: UnsafePointer<T>, count: Int
    ) {
        if T.self == Float.self {
            let out = UnsafeMutableRawPointer(output).assumingMemoryBound(to: Float.self)
            let inp = UnsafeRawPointer(input).assumingMemoryBound(to: Float.self)
            var i = 0
            while i + 8 <= count {
                FastMath.store(FastMath.tanh(FastMath.load(inp + i)), out + i)
                i += 8
            }
            while i < count {
                out[i] = Float.hyperbolicTangent(inp[i])
                i += 1
            }
            return
        }
        for i in 0..<count { output[i] = T.hyperbolicTangent(input[i]) }
    }

    /// `inputGradient[i] = outputGradient[i] · (1 − output[i]²)`, from the forward output;
    /// `inputGradient` may alias `outputGradient`.
    /// - Complexity: O(count).
    @inline(__always)
    public static func backward<T: NNScalar>(
        inputGradient: UnsafeMutablePointer<T>, outputGradient: UnsafePointer<T>,
        output: UnsafePointer<T>, count: Int
    ) {
        for i in 0..<count { inputGradient[i] = outputGradient[i] * (1 - output[i] * output[i]) }
    }
}
