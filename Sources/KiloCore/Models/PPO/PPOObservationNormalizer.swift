/// Running per-element mean and variance of observations (stable-baselines3's `RunningMeanStd`
/// inside `VecNormalize`): the count starts at 1e-4 with mean 0 and variance 1, each observation
/// is merged with the parallel (Chan/Welford) update, and an observation is normalised as
/// `clip((x − mean) / √(var + 1e-8), −10, 10)`.
///
/// Training updates the statistics with every reset and post-step observation (not with the
/// final observation of an episode, as SB3); evaluation and trading only read them (frozen).
public struct PPOObservationNormalizer: Sendable, Equatable {
    /// Per-element running mean.
    public private(set) var mean: [Double]
    /// Per-element running (population) variance.
    public private(set) var variance: [Double]
    /// The (fractional) number of observations merged.
    public private(set) var count: Double
    /// The clip applied after normalisation.
    public static let clip = 10.0
    /// The ε added to the variance.
    public static let epsilon = 1e-8

    /// Fresh statistics for `size` elements.
    public init(size: Int) {
        mean = [Double](repeating: 0, count: size)
        variance = [Double](repeating: 1, count: size)
        count = 1e-4
    }

    /// Restored statistics (from a file).
    public init(mean: [Double], variance: [Double], count: Double) {
        precondition(mean.count == variance.count, "PPOObservationNormalizer.init: \(mean.count) means, \(variance.count) variances")
        self.mean = mean
        self.variance = variance
        self.count = count
    }

    /// The number of elements.
    public var size: Int { mean.count }

    /// Merges one observation.
    /// - Complexity: O(size).
    public mutating func update(_ observation: UnsafeBufferPointer<Float>) {
        precondition(observation.count == mean.count, "PPOObservationNormalizer.update: \(observation.count) values, \(mean.count) expected")
        let previous = count, total = count + 1
        // Raw pointers so the loop vectorises (the same operations per element, so the same bits).
        mean.withUnsafeMutableBufferPointer { meanBuffer in
            variance.withUnsafeMutableBufferPointer { varianceBuffer in
                let m = meanBuffer.checkedBase, v = varianceBuffer.checkedBase, x = observation.checkedBase
                for i in 0..<meanBuffer.count {
                    let delta = Double(x[i]) - m[i]
                    m[i] += delta / total
                    let m2 = v[i] * previous + delta * delta * previous / total
                    v[i] = m2 / total
                }
            }
        }
        count = total
    }

    /// Writes the normalised, clipped `observation` to `output`.
    /// - Complexity: O(size).
    public func normalize(_ observation: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) {
        precondition(observation.count == mean.count && output.count == mean.count, "PPOObservationNormalizer.normalize: sizes \(observation.count), \(output.count), \(mean.count)")
        let x = observation.checkedBase, out = output.checkedBase
        mean.withUnsafeBufferPointer { meanBuffer in
            variance.withUnsafeBufferPointer { varianceBuffer in
                let m = meanBuffer.checkedBase, v = varianceBuffer.checkedBase
                for i in 0..<meanBuffer.count {
                    let z = (Double(x[i]) - m[i]) / (v[i] + Self.epsilon).squareRoot()
                    out[i] = Float(min(max(z, -Self.clip), Self.clip))
                }
            }
        }
    }
}
