/// Global-norm gradient clipping (PyTorch `clip_grad_norm_` with the 2-norm).
public enum GradientClipping {
    /// How the sum of squares is accumulated. The order decides the norm's last bits, so each
    /// trainer keeps the order its model files were made with: GRU `.sequential`, PPO `.eightLanes`.
    public enum Summation: Sendable {
        /// One Float chain, flushed to Double every 1024 elements.
        case sequential
        /// Eight Float lanes, flushed to Double every 1024 elements (faster; last bits may differ).
        case eightLanes
    }

    /// Scales `gradients` by `maxNorm / (‖g‖₂ + 1e-6)` when that factor is below 1 and returns the
    /// norm before clipping. `maxNorm <= 0` disables clipping (the norm is still returned).
    /// - Complexity: O(count), the sum of squares accumulated as `summation` says.
    @discardableResult
    public static func clipGlobalNorm(
        _ gradients: inout [Float], maxNorm: Double, summation: Summation = .sequential
    ) -> Double {
        let sum = gradients.withUnsafeBufferPointer { g in
            switch summation {
            case .sequential: sequentialSumOfSquares(g)
            case .eightLanes: laneSumOfSquares(g)
            }
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
