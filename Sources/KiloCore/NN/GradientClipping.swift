/// Global-norm gradient clipping (PyTorch `clip_grad_norm_` with the 2-norm).
public enum GradientClipping {
    /// Scales `gradients` by `maxNorm / (‖g‖₂ + 1e-6)` when that factor is below 1 and returns the
    /// norm before clipping. `maxNorm <= 0` disables clipping (the norm is still returned).
    /// - Complexity: O(count), the sum of squares accumulated in Double.
    @discardableResult
    public static func clipGlobalNorm(_ gradients: inout [Float], maxNorm: Double) -> Double {
        var sum = 0.0
        gradients.withUnsafeBufferPointer { g in
            var partial: Float = 0
            for i in 0..<g.count {
                partial += g[i] * g[i]
                if i & 1023 == 1023 {
                    sum += Double(partial)
                    partial = 0
                }
            }
            sum += Double(partial)
        }
        let norm = sum.squareRoot()
        guard maxNorm > 0 else { return norm }
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            let scale = Float(coefficient)
            gradients.withUnsafeMutableBufferPointer { g in
                for i in 0..<g.count { g[i] *= scale }
            }
        }
        return norm
    }
}
