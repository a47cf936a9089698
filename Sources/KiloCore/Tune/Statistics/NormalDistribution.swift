import Foundation

/// The standard normal distribution: CDF, log-CDF, quantile and the log of the mass on an
/// interval, accurate to a few ulps over the whole double range (the tails use `erfc`, the
/// log-CDF an asymptotic series below −20, as SciPy's `log_ndtr` does).
public enum NormalDistribution {
    /// log(√(2π)).
    static let logRootTwoPi = 0.5 * Foundation.log(2 * Double.pi)

    /// Φ(x) = P(Z ≤ x).
    /// - Complexity: O(1); no `erfc` at or below −40, where Φ (< 4e-350) rounds to 0 (erfc of
    ///   28.28 and beyond is 0; a test keeps the two equal).
    public static func cdf(_ x: Double) -> Double {
        if x <= -40 { return 0 }
        return 0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// log Φ(x), finite far into the left tail (≈ −x²/2 for x → −∞).
    /// - Complexity: O(1) (the series below −20 converges in a few terms).
    public static func logCDF(_ x: Double) -> Double {
        if x > 0 { return Foundation.log1p(-cdf(-x)) }
        if x > -20 { return Foundation.log(cdf(x)) }
        // log Φ(x) = −x²/2 − log(−x) − log√(2π) + log(1 − 1/x² + 3/x⁴ − 15/x⁶ + …)
        let inverseSquare = 1 / (x * x)
        var term = 1.0
        var sum = 1.0
        for k in 1...12 {
            term *= -Double(2 * k - 1) * inverseSquare
            let next = sum + term
            if next == sum { break }
            sum = next
        }
        return -0.5 * x * x - Foundation.log(-x) - logRootTwoPi + Foundation.log(sum)
    }

    /// The standard normal density's logarithm, −x²/2 − log√(2π).
    /// - Complexity: O(1).
    public static func logPDF(_ x: Double) -> Double { -0.5 * x * x - logRootTwoPi }

    /// log(Φ(b) − Φ(a)) for a ≤ b, computed on the side where it does not cancel (0 when
    /// [a, b] covers [−9, 9], within 2.3e-19).
    /// - Complexity: O(1).
    public static func logMass(from a: Double, to b: Double) -> Double {
        // Φ(−9) ≈ 1.1e-19: for [a, b] ⊇ [−9, 9] the log mass is 0 within 2.3e-19 (no erfc needed).
        if a <= -9, b >= 9 { return 0 }
        if b <= 0 { return logDifference(logCDF(b), logCDF(a)) }
        if a > 0 { return logDifference(logCDF(-a), logCDF(-b)) }
        return Foundation.log1p(-cdf(a) - cdf(-b))
    }

    /// log(eᵖ − e^q) for p ≥ q.
    static func logDifference(_ p: Double, _ q: Double) -> Double {
        if q == -.infinity { return p }
        return p + Foundation.log(-Foundation.expm1(q - p))
    }

    /// Φ⁻¹(p): Acklam's rational approximation refined by one Halley step on `erfc`, so the
    /// result is accurate to about 1e-15 relative; ±∞ at 1 and 0, NaN outside [0, 1].
    /// - Complexity: O(1).
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * Foundation.log(p)).squareRoot()
            x = tail(q)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                     1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
            let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                     6.680131188771972e+01, -1.328068155288572e+01]
            let numerator = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            let denominator = ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1
            x = numerator / denominator
        } else {
            let q = (-2 * Foundation.log1p(-p)).squareRoot()
            x = -tail(q)
        }
        // Halley refinement; the error e is taken on the side of the smaller tail.
        let e = x < 0 ? cdf(x) - p : (1 - p) - cdf(-x)  // both are Φ(x) − p
        let u = e * (2 * Double.pi).squareRoot() * Foundation.exp(x * x / 2)
        x = x - u / (1 + x * u / 2)
        return x
    }

    /// Acklam's lower-tail approximation at q = √(−2 log p).
    private static func tail(_ q: Double) -> Double {
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
}
