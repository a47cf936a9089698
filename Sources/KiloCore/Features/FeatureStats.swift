/// A per-feature summary for `inspect features SYMBOL [NAME...]`.
public struct FeatureStats: Sendable, Equatable {
    /// The feature name.
    public var name: String
    /// Its lookback.
    public var lookback: Int
    /// Finite values.
    public var count: Int
    /// NaN or inf values (warm-up included).
    public var missing: Int
    /// Mean of the finite values (NaN when none).
    public var mean: Double
    /// Sample standard deviation (ddof 1) of the finite values (NaN below two values).
    public var std: Double
    /// Smallest finite value (NaN when none).
    public var min: Double
    /// Largest finite value (NaN when none).
    public var max: Double
    /// The value of the last row (may be NaN).
    public var last: Double

    /// Summaries of the named columns of `matrix` (all columns when `names` is empty), in the order
    /// asked; throws `FeatureError.unknownFeature` for a name not in the matrix.
    /// - Complexity: O(rows · columns asked).
    public static func summarize(_ matrix: FeatureMatrix, names: [String] = []) throws(FeatureError)
        -> [FeatureStats]
    {
        var columns: [Int] = []
        if names.isEmpty {
            columns = Array(0..<matrix.columnCount)
        } else {
            for name in names {
                guard let c = matrix.columnIndex(named: name) else { throw .unknownFeature(name: name) }
                columns.append(c)
            }
        }
        let width = matrix.columnCount
        return columns.map { c in
            var count = 0
            var sum = 0.0
            var low = Double.infinity
            var high = -Double.infinity
            for r in 0..<matrix.rowCount {
                let x = matrix.values[r * width + c]
                guard x.isFinite else { continue }
                count += 1
                sum += x
                if x < low { low = x }
                if x > high { high = x }
            }
            let mean = count > 0 ? sum / Double(count) : .nan
            var squares = 0.0
            for r in 0..<matrix.rowCount {
                let x = matrix.values[r * width + c]
                if x.isFinite { squares += (x - mean) * (x - mean) }
            }
            return FeatureStats(
                name: matrix.specs[c].name, lookback: matrix.specs[c].lookback, count: count,
                missing: matrix.rowCount - count, mean: mean,
                std: count > 1 ? (squares / Double(count - 1)).squareRoot() : .nan,
                min: count > 0 ? low : .nan, max: count > 0 ? high : .nan,
                last: matrix.rowCount > 0 ? matrix.values[(matrix.rowCount - 1) * width + c] : .nan)
        }
    }
}
