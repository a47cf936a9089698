/// The causal NaN/inf pipeline applied before scaling, counted per column:
/// 1. ±inf → NaN;
/// 2. forward fill inside the segment, at most `ffillLimit` rows after the last valid value;
/// 3. the column's fill value (the training-split mean stored in the preprocessor);
/// 4. zero when that mean is not finite (the column had no finite training value).
///
/// Warm-up rows (position in segment < lookback) are never filled: they stay NaN and are left out
/// of training rows. Every step only looks at the row itself and earlier rows of its segment.
public enum FeatureCleaner {
    /// What the pipeline did to one column.
    public struct Counts: Sendable, Equatable, Codable {
        /// ±inf values turned into NaN.
        public var inf = 0
        /// Rows filled by the forward fill.
        public var forwardFilled = 0
        /// Rows filled with the training mean.
        public var meanFilled = 0
        /// Rows filled with zero.
        public var zeroFilled = 0
        /// Non-warm-up rows still NaN afterwards (only without fill values).
        public var remaining = 0

        public init() {}
    }

    /// Cleans `matrix.values` in place of a copy and returns it with per-column counts.
    /// - Parameters:
    ///   - ffillLimit: the forward-fill reach (0 turns the step off).
    ///   - fillValues: one per column (training means), or `nil` to stop after the forward fill.
    /// - Complexity: O(rows · columns).
    public static func clean(_ matrix: FeatureMatrix, ffillLimit: Int, fillValues: [Double]?)
        -> (values: [Double], counts: [Counts])
    {
        precondition(
            fillValues == nil || fillValues?.count == matrix.columnCount,
            "FeatureCleaner.clean: \(fillValues?.count ?? 0) fill values for \(matrix.columnCount) columns")
        let width = matrix.columnCount
        var values = matrix.values
        var counts = [Counts](repeating: Counts(), count: width)
        values.withUnsafeMutableBufferPointer { v in
            for column in 0..<width {
                let lookback = matrix.specs[column].lookback
                var count = Counts()
                let fill = fillValues?[column]
                for segment in matrix.segments {
                    var lastValid = Double.nan
                    var sinceValid = Int.max
                    let firstLive = segment.start + lookback
                    guard firstLive < segment.end else { continue }
                    for r in firstLive..<segment.end {
                        let index = r * width + column
                        var x = v[index]
                        if x.isInfinite {
                            count.inf += 1
                            x = .nan
                        }
                        if !x.isNaN {
                            lastValid = x
                            sinceValid = 0
                            v[index] = x
                            continue
                        }
                        if sinceValid < ffillLimit {
                            sinceValid += 1
                            v[index] = lastValid
                            count.forwardFilled += 1
                            continue
                        }
                        if sinceValid != Int.max { sinceValid += 1 }
                        if let fill {
                            if fill.isFinite {
                                v[index] = fill
                                count.meanFilled += 1
                            } else {
                                v[index] = 0
                                count.zeroFilled += 1
                            }
                        } else {
                            v[index] = .nan
                            count.remaining += 1
                        }
                    }
                }
                counts[column] = count
            }
        }
        return (values, counts)
    }
}
