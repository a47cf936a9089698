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
    /// - Complexity: O(rows · columns asked), two passes over the rows.
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
        let k = columns.count
        var counts = [Int](repeating: 0, count: k)
        var sums = [Double](repeating: 0, count: k)
        var lows = [Double](repeating: .infinity, count: k)
        var highs = [Double](repeating: -.infinity, count: k)
        var squares = [Double](repeating: 0, count: k)
        // Row by row over the asked columns (each column still summed in row order): the matrix
        // is read front to back twice instead of once per column.
        matrix.values.withUnsafeBufferPointer { values in
            for r in 0..<matrix.rowCount {
                let row = r * width
                for (i, c) in columns.enumerated() {
                    let x = values[row + c]
                    guard x.isFinite else { continue }
                    counts[i] += 1
                    sums[i] += x
                    if x < lows[i] { lows[i] = x }
                    if x > highs[i] { highs[i] = x }
                }
            }
            let means = (0..<k).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : .nan }
            for r in 0..<matrix.rowCount {
                let row = r * width
                for (i, c) in columns.enumerated() {
                    let x = values[row + c]
                    if x.isFinite { squares[i] += (x - means[i]) * (x - means[i]) }
                }
            }
        }
        return columns.enumerated().map { i, c in
            let count = counts[i]
            return FeatureStats(
                name: matrix.specs[c].name, lookback: matrix.specs[c].lookback, count: count,
                missing: matrix.rowCount - count, mean: count > 0 ? sums[i] / Double(count) : .nan,
                std: count > 1 ? (squares[i] / Double(count - 1)).squareRoot() : .nan,
                min: count > 0 ? lows[i] : .nan, max: count > 0 ? highs[i] : .nan,
                last: matrix.rowCount > 0 ? matrix.values[(matrix.rowCount - 1) * width + c] : .nan)
        }
    }
}
