/// Mean squared error `L = (1/n) Σ (prediction − target)²`, forward and backward side by side.
public enum MSELoss {
    /// The mean squared error of `count` predictions.
    /// - Complexity: O(count).
    @inline(__always)
    public static func forward<T: NNScalar>(
        prediction: UnsafePointer<T>, target: UnsafePointer<T>, count: Int
    ) -> T {
        precondition(count > 0, "MSELoss.forward: count \(count)")
        var sum: T = 0
        for i in 0..<count {
            let d = prediction[i] - target[i]
            sum += d * d
        }
        return sum / T(count)
    }

    /// `predictionGradient[i] = 2 (prediction[i] − target[i]) / count`, the gradient of the mean.
    /// - Complexity: O(count).
    @inline(__always)
    public static func backward<T: NNScalar>(
        predictionGradient: UnsafeMutablePointer<T>, prediction: UnsafePointer<T>,
        target: UnsafePointer<T>, count: Int
    ) {
        let scale = 2 / T(count)
        for i in 0..<count { predictionGradient[i] = scale * (prediction[i] - target[i]) }
    }
}
