import Testing

@testable import KiloCore

/// Central finite differences in Double (llm.c / micrograd style), shared by the gradient checks.
enum GradientCheck {
    /// ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h for every i.
    static func numeric(_ x: [Double], step h: Double = 1e-5, _ f: ([Double]) -> Double) -> [Double] {
        var probe = x
        return (0..<x.count).map { i in
            probe[i] = x[i] + h
            let plus = f(probe)
            probe[i] = x[i] - h
            let minus = f(probe)
            probe[i] = x[i]
            return (plus - minus) / (2 * h)
        }
    }

    /// The largest relative error `|a − n| / max(1, |a|, |n|)`.
    static func maxError(_ analytic: [Double], _ numeric: [Double]) -> Double {
        precondition(analytic.count == numeric.count)
        return zip(analytic, numeric).map { abs($0 - $1) / max(1, abs($0), abs($1)) }.max() ?? 0
    }

    /// Deterministic values in [-scale, scale).
    static func random(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in (2 * generator.nextUnit() - 1) * scale }
    }
}
