/// The preprocessor applied bar by bar for live trading: the same inf → NaN, forward fill (inside
/// the segment), training-mean / zero fill, scaling and clipping as `Preprocessor.transform`, with
/// the forward-fill state carried between bars, so a streamed row equals the batch row bit for bit.
public struct StreamScaler: Sendable {
    /// The fitted preprocessor.
    public let preprocessor: Preprocessor
    private let lookbacks: [Int]
    private var lastValid: [Double]
    private var sinceValid: [Int]
    /// What the cleaning did so far, per column.
    public private(set) var counts: [FeatureCleaner.Counts]

    /// A scaler for rows with `specs` (they must be the ones the preprocessor was fitted on).
    public init(preprocessor: Preprocessor, specs: [FeatureSpec]) throws(FeatureError) {
        let hash = FeatureSpec.hash(of: specs)
        guard hash == preprocessor.specHash else {
            throw .specHashMismatch(expected: preprocessor.specHash, found: hash)
        }
        // A file claiming the right hash must still hold one column per feature (it is indexed by column).
        let columns = [preprocessor.featureNames.count, preprocessor.centers.count, preprocessor.scales.count,
            preprocessor.fillValues.count]
        guard columns.allSatisfy({ $0 == specs.count }) else {
            throw .columnMismatch(expected: columns.min() ?? 0, found: specs.count)
        }
        self.preprocessor = preprocessor
        lookbacks = specs.map(\.lookback)
        lastValid = [Double](repeating: .nan, count: specs.count)
        sinceValid = [Int](repeating: .max, count: specs.count)
        counts = [FeatureCleaner.Counts](repeating: FeatureCleaner.Counts(), count: specs.count)
    }

    /// Cleans and scales `row`, the `position`-th bar (0-based) of its segment as reported by
    /// `FeatureStream.barsInSegment − 1`. Position 0 resets the forward-fill state.
    public mutating func scale(_ row: [Double], positionInSegment position: Int) -> [Double] {
        precondition(row.count == lookbacks.count, "StreamScaler.scale: \(row.count) values, expected \(lookbacks.count)")
        let p = preprocessor
        var out = row
        for c in row.indices {
            if position == 0 {
                lastValid[c] = .nan
                sinceValid[c] = .max
            }
            guard position >= lookbacks[c] else {
                out[c] = p.scale(row[c], column: c)
                continue
            }
            var x = row[c]
            if x.isInfinite {
                counts[c].inf += 1
                x = .nan
            }
            if !x.isNaN {
                lastValid[c] = x
                sinceValid[c] = 0
            } else if sinceValid[c] < p.ffillLimit {
                sinceValid[c] += 1
                x = lastValid[c]
                counts[c].forwardFilled += 1
            } else {
                if sinceValid[c] != .max { sinceValid[c] += 1 }
                if p.fillValues[c].isFinite {
                    x = p.fillValues[c]
                    counts[c].meanFilled += 1
                } else {
                    x = 0
                    counts[c].zeroFilled += 1
                }
            }
            out[c] = p.scale(x, column: c)
        }
        return out
    }
}
