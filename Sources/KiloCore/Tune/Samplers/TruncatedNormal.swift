import Foundation

/// Draws from a normal distribution N(μ, σ²) truncated to [low, high] by inverting its CDF
/// (as Optuna's `_truncnorm.rvs` does), on the side of the mode where the CDF does not cancel.
enum TruncatedNormal {
    /// - Parameters:
    ///   - u: A uniform draw in [0, 1).
    /// - Complexity: O(1).
    static func sample(mu: Double, sigma: Double, low: Double, high: Double, u: Double) -> Double {
        guard high > low, sigma > 0 else { return low }
        let a = (low - mu) / sigma
        let b = (high - mu) / sigma
        let z: Double
        if a < 0 {
            let lower = NormalDistribution.cdf(a)
            z = NormalDistribution.quantile(lower + u * (NormalDistribution.cdf(b) - lower))
        } else {
            let upper = NormalDistribution.cdf(-a)
            let lower = NormalDistribution.cdf(-b)
            z = -NormalDistribution.quantile(lower + (1 - u) * (upper - lower))
        }
        guard z.isFinite else { return min(max(mu, low), high) }
        return min(max(mu + sigma * min(max(z, a), b), low), high)
    }
}
