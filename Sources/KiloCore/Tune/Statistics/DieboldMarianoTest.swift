import Foundation

/// The Diebold–Mariano test of equal predictive accuracy with the Harvey–Leybourne–Newbold
/// small-sample correction (1997), one-sided: does the model have a smaller expected loss than
/// the baseline?
///
/// With dₜ = modelLossₜ − baselineLossₜ (t = 1…n), d̄ their mean and γₖ = (1/n)·Σ (dₜ − d̄)(dₜ₋ₖ − d̄)
/// their autocovariances, the long-run variance of d̄ for an h-step horizon is
/// (γ₀ + 2·Σ_{k=1}^{h−1} γₖ)/n, DM = d̄ / √that, and
///
///     DM* = DM · √((n + 1 − 2h + h(h − 1)/n) / n),   p = P(T_{n−1} ≤ DM*)
///
/// so a small p-value says the model's losses are significantly smaller.
public struct DieboldMarianoTest: Sendable, Equatable {
    /// The HLN-corrected statistic DM* (negative when the model's mean loss is smaller).
    public var statistic: Double
    /// One-sided p-value (H1: the model's expected loss is smaller), Student t with n − 1 df.
    public var pValue: Double

    /// - Returns: `nil` when the two series differ in length, have fewer than 2 points (or not
    ///   more than `horizon`), hold a non-finite value, or the loss differences have no positive
    ///   long-run variance (e.g. identical losses).
    /// - Complexity: O(n·h).
    public static func compare(modelLosses: [Double], baselineLosses: [Double], horizon: Int = 1)
        -> DieboldMarianoTest?
    {
        let n = modelLosses.count
        guard n == baselineLosses.count, n >= 2, horizon >= 1, n > horizon else { return nil }
        var differences = [Double](repeating: 0, count: n)
        for t in 0..<n {
            differences[t] = modelLosses[t] - baselineLosses[t]
            guard differences[t].isFinite else { return nil }
        }
        let mean = differences.reduce(0, +) / Double(n)
        for t in 0..<n { differences[t] -= mean }
        var longRun = 0.0
        for lag in 0..<horizon {
            var sum = 0.0
            for t in lag..<n { sum += differences[t] * differences[t - lag] }
            longRun += (lag == 0 ? 1 : 2) * sum / Double(n)
        }
        let variance = longRun / Double(n)
        guard variance > 0, variance.isFinite else { return nil }
        let h = Double(horizon)
        let count = Double(n)
        let correction = ((count + 1 - 2 * h + h * (h - 1) / count) / count).squareRoot()
        let statistic = mean / variance.squareRoot() * correction
        return DieboldMarianoTest(
            statistic: statistic, pValue: StudentT.cdf(statistic, degreesOfFreedom: count - 1))
    }
}
