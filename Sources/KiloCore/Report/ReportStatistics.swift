import Foundation

/// The statistics of the research report: calibration by decile, the Diebold–Mariano test of
/// squared errors, the t statistic of a correlation, drawdowns and down-sampling for charts.
public enum ReportStatistics {
    /// One decile of predictions: their mean and the mean realised return of the same rows.
    public struct Decile: Sendable, Equatable {
        /// 1 ... 10, lowest predictions first.
        public var index: Int
        /// Rows in the decile.
        public var count: Int
        /// Mean prediction.
        public var predicted: Double
        /// Mean realised return.
        public var realised: Double
    }

    /// A two-sided test statistic with its p-value (normal approximation).
    public struct Test: Sendable, Equatable {
        /// The statistic (z or t).
        public var statistic: Double
        /// Two-sided p-value.
        public var pValue: Double
        /// Observations used.
        public var count: Int
    }

    /// Predictions sorted into ten equal-count bins (the first `n mod 10` bins get one extra row),
    /// each with its mean prediction and mean realised return; pairs with a non-finite side are
    /// left out; fewer than 10 pairs give no deciles.
    /// - Complexity: O(n log n).
    public static func calibration(predicted: [Double], realised: [Double]) -> [Decile] {
        let pairs = zip(predicted, realised).filter { $0.0.isFinite && $0.1.isFinite }.sorted { $0.0 < $1.0 }
        guard pairs.count >= 10 else { return [] }
        var deciles: [Decile] = []
        var start = 0
        for k in 0..<10 {
            let size = pairs.count / 10 + (k < pairs.count % 10 ? 1 : 0)
            let slice = pairs[start..<start + size]
            start += size
            deciles.append(
                Decile(
                    index: k + 1, count: size, predicted: slice.reduce(0) { $0 + $1.0 } / Double(size),
                    realised: slice.reduce(0) { $0 + $1.1 } / Double(size)))
        }
        return deciles
    }

    /// Diebold–Mariano test that `model` has smaller squared errors than `baseline` on
    /// `realised`: d = (baseline error)² − (model error)², z = mean(d) / (sd(d) / √n) with the
    /// plain (lag 0) variance; a positive z favours the model. `nil` with fewer than 3 finite rows
    /// or no variation in d.
    /// - Complexity: O(n).
    public static func dieboldMariano(model: [Double], baseline: [Double], realised: [Double]) -> Test? {
        var d: [Double] = []
        for i in 0..<min(model.count, baseline.count, realised.count)
        where model[i].isFinite && baseline[i].isFinite && realised[i].isFinite {
            let em = realised[i] - model[i]
            let eb = realised[i] - baseline[i]
            d.append(eb * eb - em * em)
        }
        guard d.count >= 3 else { return nil }
        let n = Double(d.count)
        let mean = d.reduce(0, +) / n
        let variance = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        guard variance > 0 else { return nil }
        let z = mean / (variance / n).squareRoot()
        return Test(statistic: z, pValue: twoSidedP(z), count: d.count)
    }

    /// t = r √((n − 2) / (1 − r²)) of a correlation `r` over `count` pairs, with its normal
    /// p-value; `nil` when `r` is not finite or `count` < 3.
    public static func correlationTest(_ r: Double, count: Int) -> Test? {
        guard r.isFinite, count >= 3, abs(r) < 1 else { return nil }
        let t = r * (Double(count - 2) / (1 - r * r)).squareRoot()
        return Test(statistic: t, pValue: twoSidedP(t), count: count)
    }

    /// 2 (1 − Φ(|z|)).
    public static func twoSidedP(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// The drawdown at each point of `equity`: 1 − equity / running peak (0 at a new peak).
    /// - Complexity: O(n).
    public static func drawdowns(_ equity: [Double]) -> [Double] {
        var peak = -Double.infinity
        return equity.map { value in
            peak = max(peak, value)
            return peak > 0 ? 1 - value / peak : 0
        }
    }

    /// At most `limit` indices of `0..<count`, evenly spread, first and last included.
    /// - Complexity: O(limit).
    public static func sampleIndices(count: Int, limit: Int) -> [Int] {
        guard count > limit, limit >= 2 else { return Array(0..<count) }
        return (0..<limit).map { Int((Double($0) * Double(count - 1) / Double(limit - 1)).rounded()) }
    }
}
