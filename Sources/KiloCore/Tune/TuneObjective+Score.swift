/// The objectives' arithmetic on one fold's held-out block: pure functions of the predictions,
/// the realised returns and the fee. Pairs where either value is not finite are left out.
extension TuneObjective {
    /// The objective on one fold: the net-return Sharpe, the RMSE or the Spearman rank IC.
    /// - Parameters:
    ///   - predictions: Predicted next-bar returns, in time order.
    ///   - actual: Realised returns of the same rows.
    ///   - fee: The fee rate per unit of position change (`trading.fee`; 0.001 is 10 bps).
    /// - Complexity: O(n) (O(n log n) for `ic`).
    public func foldValue(predictions: [Double], actual: [Double], fee: Double) -> Double {
        switch self {
        case .netSharpe: TuneScore.sharpe(TuneScore.netReturns(predictions: predictions, actual: actual, fee: fee))
        case .rmse: TuneScore.rmse(predictions: predictions, actual: actual)
        case .ic: TuneScore.spearman(predictions, actual)
        }
    }
}

/// The objectives' building blocks.
public enum TuneScore {
    /// The original bot's net return per bar: `net_t = sign(pred_t)·y_t − fee·|sign(pred_t) − sign(pred_{t−1})|`,
    /// with no position before the first row (so entering it pays the fee).
    /// - Complexity: O(n).
    public static func netReturns(predictions: [Double], actual: [Double], fee: Double) -> [Double] {
        var net: [Double] = []
        net.reserveCapacity(min(predictions.count, actual.count))
        var previous = 0.0
        for (p, y) in zip(predictions, actual) where p.isFinite && y.isFinite {
            let position = sign(p)
            net.append(position * y - fee * abs(position - previous))
            previous = position
        }
        return net
    }

    /// Unannualised Sharpe ratio `mean / std` (population standard deviation, numpy's default);
    /// 0 when there are fewer than two values or they do not vary (a model that never trades).
    /// - Complexity: O(n).
    public static func sharpe(_ values: [Double]) -> Double {
        let moments = Moments(values)
        guard moments.count > 1, moments.std > 0 else { return 0 }
        return moments.mean / moments.std
    }

    /// Root mean squared error over the finite pairs (NaN when there are none).
    /// - Complexity: O(n).
    public static func rmse(predictions: [Double], actual: [Double]) -> Double {
        var sum = 0.0
        var count = 0
        for (p, y) in zip(predictions, actual) where p.isFinite && y.isFinite {
            sum += (p - y) * (p - y)
            count += 1
        }
        return count > 0 ? (sum / Double(count)).squareRoot() : .nan
    }

    /// Spearman rank correlation over the finite pairs (average ranks for ties); 0 when either
    /// side is constant (a model that predicts one value has no rank information).
    /// - Complexity: O(n log n).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        var a: [Double] = []
        var b: [Double] = []
        for (p, q) in zip(x, y) where p.isFinite && q.isFinite {
            a.append(p)
            b.append(q)
        }
        let rho = RegressionMetrics.pearson(RegressionMetrics.ranks(a), RegressionMetrics.ranks(b))
        return rho.isFinite ? rho : 0
    }

    private static func sign(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

/// Mean, population standard deviation, skewness and (non-excess) kurtosis of a sample, what the
/// Deflated Sharpe Ratio needs of a trial's net returns.
public struct Moments: Sendable, Equatable, Codable {
    public var count: Int
    public var mean: Double
    /// Population standard deviation (divides by n).
    public var std: Double
    /// Third standardised moment (0 for a symmetric sample; 0 when the sample does not vary).
    public var skewness: Double
    /// Fourth standardised moment, not excess (3 for a normal; 3 when the sample does not vary).
    public var kurtosis: Double
}

extension Moments {
    /// The moments of `values` (two passes).
    /// - Complexity: O(n).
    public init(_ values: [Double]) {
        guard !values.isEmpty else {
            self.init(count: 0, mean: .nan, std: .nan, skewness: 0, kurtosis: 3)
            return
        }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var m2 = 0.0
        var m3 = 0.0
        var m4 = 0.0
        for v in values {
            let d = v - mean
            m2 += d * d
            m3 += d * d * d
            m4 += d * d * d * d
        }
        m2 /= n
        m3 /= n
        m4 /= n
        let std = m2.squareRoot()
        self.init(
            count: values.count, mean: mean, std: std, skewness: m2 > 0 ? m3 / (m2 * std) : 0,
            kurtosis: m2 > 0 ? m4 / (m2 * m2) : 3)
    }
}
