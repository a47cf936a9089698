import Foundation

/// The Deflated Sharpe Ratio (Bailey & López de Prado, 2014): the probability that the best of
/// `trialCount` tried configurations has a true Sharpe ratio above what the best of that many
/// worthless configurations would show by chance.
///
///     SR₀ = √V · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e)))       γ = 0.5772… (Euler–Mascheroni)
///     DSR = Φ((SR − SR₀)·√(T − 1) / √(1 − γ₃·SR + (γ₄ − 1)/4·SR²))
///
/// where V is the variance of the N trials' Sharpe ratios, T the number of returns behind the
/// observed Sharpe ratio SR, γ₃ their skewness and γ₄ their (non-excess) kurtosis. With one
/// trial there is no selection and SR₀ = 0 (the DSR is then the Probabilistic Sharpe Ratio
/// against zero). All Sharpe ratios are per observation (not annualised).
public struct DeflatedSharpe: Sendable, Equatable {
    /// SR₀: the expected maximum of `trialCount` Sharpe ratios under the null of no skill.
    public var expectedMaximumSharpe: Double
    /// DSR = PSR(SR₀): the probability that the true Sharpe ratio exceeds SR₀.
    public var probability: Double

    /// The Euler–Mascheroni constant.
    static let eulerGamma = 0.577_215_664_901_532_9

    /// - Returns: `nil` when an input is not finite, `trialCount < 1`, `observations < 2`, the
    ///   variance is negative, or the moments make the denominator non-positive.
    /// - Complexity: O(1).
    public static func compute(
        observedSharpe: Double, trialSharpeVariance: Double, trialCount: Int, observations: Int,
        skewness: Double, kurtosis: Double
    ) -> DeflatedSharpe? {
        guard observedSharpe.isFinite, trialSharpeVariance.isFinite, skewness.isFinite, kurtosis.isFinite,
            trialCount >= 1, observations >= 2, trialSharpeVariance >= 0
        else { return nil }
        let n = Double(trialCount)
        let expectedMaximum: Double
        if trialCount == 1 {
            expectedMaximum = 0
        } else {
            expectedMaximum = trialSharpeVariance.squareRoot()
                * ((1 - eulerGamma) * NormalDistribution.quantile(1 - 1 / n)
                    + eulerGamma * NormalDistribution.quantile(1 - 1 / (n * M_E)))
        }
        let sr = observedSharpe
        let spread = 1 - skewness * sr + (kurtosis - 1) / 4 * sr * sr
        guard spread > 0 else { return nil }
        let z = (sr - expectedMaximum) * Double(observations - 1).squareRoot() / spread.squareRoot()
        return DeflatedSharpe(expectedMaximumSharpe: expectedMaximum, probability: NormalDistribution.cdf(z))
    }
}
