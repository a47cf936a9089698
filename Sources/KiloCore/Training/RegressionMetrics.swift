import Foundation

/// How well predicted returns match realised returns.
public struct RegressionMetrics: Sendable, Equatable, Codable {
    /// Pairs with both values finite.
    public var count: Int
    /// Root mean squared error.
    public var rmse: Double
    /// Mean absolute error.
    public var mae: Double
    /// Share of pairs whose signs agree (a zero counts as neither up nor down: it agrees only
    /// with zero).
    public var directionalAccuracy: Double
    /// Pearson correlation (information coefficient); NaN when either side is constant.
    public var ic: Double
    /// Spearman rank correlation with average ranks for ties; NaN when a side is constant.
    public var rankIC: Double

    /// Metrics over the finite pairs of `predictions` and `actual` (equal lengths).
    /// - Complexity: O(n log n) for the ranks.
    public static func evaluate(predictions: [Double], actual: [Double]) -> RegressionMetrics {
        precondition(
            predictions.count == actual.count,
            "RegressionMetrics.evaluate: \(predictions.count) predictions for \(actual.count) values")
        var p: [Double] = []
        var a: [Double] = []
        for (x, y) in zip(predictions, actual) where x.isFinite && y.isFinite {
            p.append(x)
            a.append(y)
        }
        let n = Double(p.count)
        guard !p.isEmpty else {
            return RegressionMetrics(count: 0, rmse: .nan, mae: .nan, directionalAccuracy: .nan, ic: .nan, rankIC: .nan)
        }
        var squared = 0.0
        var absolute = 0.0
        var agree = 0.0
        for (x, y) in zip(p, a) {
            squared += (x - y) * (x - y)
            absolute += abs(x - y)
            if sign(x) == sign(y) { agree += 1 }
        }
        return RegressionMetrics(
            count: p.count, rmse: (squared / n).squareRoot(), mae: absolute / n, directionalAccuracy: agree / n,
            ic: pearson(p, a), rankIC: pearson(ranks(p), ranks(a)))
    }

    private static func sign(_ x: Double) -> Int { x > 0 ? 1 : (x < 0 ? -1 : 0) }

    /// Pearson correlation; NaN when either side has zero variance.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        guard x.count > 1 else { return .nan }
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return sxy / (sxx * syy).squareRoot()
    }

    /// 1-based ranks, ties sharing their average rank.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for k in start...end { result[order[k]] = rank }
            start = end + 1
        }
        return result
    }
}
