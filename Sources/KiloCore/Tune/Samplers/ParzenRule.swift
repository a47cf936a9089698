import Foundation

/// The shapes of a ``ParzenEstimator``'s kernels where Kilo's TPE departs from Optuna's
/// (`tune.tpe_kernels`): the "magic clip" that bounds a numeric kernel's bandwidth from below,
/// how much weight a categorical kernel leaves on the categories it was not fitted to, and how
/// l(x)'s observations are weighted.
///
/// - ``optuna``: Optuna 5's `_ParzenEstimator` exactly: σ_min = (high − low)/min(100, n + 2), and
///   an observation's kernel gives every category the prior's 1/(n + 1) and its own category 1
///   more (normalised).
/// - ``kilo`` (the default): σ_min = (high − low)/min(300, 1.5·(n + 2)), so l(x), which holds only
///   the best γ(n) trials, may narrow to a third less than Optuna's when it has few; every
///   other category keeps at least half its own category's weight (1 + w against w, w ≥ 0.5), so
///   l(x) still proposes the categories its best trials did not happen to use; and l(x)'s
///   observations weigh by rank (exp(−5·r/(n − 1)) for the r-th best of n), so its draws start
///   mostly from the best few trials instead of evenly from all of the best 10 %, which keeps a
///   search that is improving in small steps from creeping. On the benchmark functions this
///   finds better values after 50 and after 200 trials (bench/RESULTS.md, "Samplers"); the
///   rest of the algorithm is Optuna's.
public struct ParzenRule: Sendable, Hashable {
    /// σ_min = (high − low) / min(`clipCap`, `clipScale`·(n + 2)) for n observations.
    public var clipScale: Double
    public var clipCap: Double
    /// The smallest weight w an observation's categorical kernel gives each category besides the
    /// 1 + w on its own (before normalising); the prior's 1/(n + 1) when that is larger.
    public var categoryFloor: Double
    /// How l(x)'s observations weigh by rank: the r-th best (r = 0 the best) of n weighs
    /// exp(−`rankDecay`·r/(n − 1)), scaled so the n weights add up to n (the prior keeps its
    /// share); 0 keeps Optuna's `default_weights` in trial order.
    public var rankDecay: Double

    public init(clipScale: Double, clipCap: Double, categoryFloor: Double, rankDecay: Double = 0) {
        (self.clipScale, self.clipCap, self.categoryFloor) = (clipScale, clipCap, categoryFloor)
        self.rankDecay = rankDecay
    }

    /// Optuna 5's kernels.
    public static let optuna = ParzenRule(clipScale: 1, clipCap: 100, categoryFloor: 0)
    /// Kilo's default: a finer clip, categorical kernels that keep exploring, and l(x) weighted
    /// towards its best observations.
    public static let kilo = ParzenRule(clipScale: 1.5, clipCap: 300, categoryFloor: 0.5, rankDecay: 5)

    /// Whether l(x)'s observations come best first and weigh by rank (``belowWeights(count:)``).
    var weighsByRank: Bool { rankDecay > 0 }

    /// The weights of l(x)'s `n` observations, best first, when the rule weighs them by rank
    /// (`nil`: Optuna's `default_weights`, which are all ones for l(x)'s at most 25).
    /// With `rankDecay` 5 the best observation weighs e⁵ ≈ 148 times the worst.
    /// - Complexity: O(n).
    func belowWeights(count n: Int) -> [Double]? {
        guard weighsByRank else { return nil }
        guard n > 1 else { return [Double](repeating: 1, count: n) }
        var weights = (0..<n).map { Foundation.exp(-rankDecay * Double($0) / Double(n - 1)) }
        let scale = Double(n) / weights.reduce(0, +)
        for index in weights.indices { weights[index] *= scale }
        return weights
    }

    /// The magic clip's smallest bandwidth for n observations on [low, high].
    /// - Complexity: O(1).
    func minimumBandwidth(low: Double, high: Double, count n: Int) -> Double {
        (high - low) / min(clipCap, clipScale * Double(n + 2))
    }

    /// The observation count from which ``minimumBandwidth(low:high:count:)`` no longer changes
    /// (98 for ``optuna``, 198 for ``kilo``).
    var clipConstantFrom: Int { Int((clipCap / clipScale).rounded(.up)) - 2 }

    /// The weight an observation's categorical kernel gives each category besides 1 more on its
    /// own, among `count` observations.
    func categoryWeight(observations count: Int) -> Double {
        max(ParzenEstimator.priorWeight / Double(count + 1), categoryFloor)
    }
}

/// `tune.tpe_kernels`: which ``ParzenRule`` the TPE sampler fits.
public enum TPEKernels: String, Sendable, Codable, CaseIterable {
    case kilo
    case optuna

    /// The rule this names.
    public var rule: ParzenRule { self == .kilo ? .kilo : .optuna }
}
