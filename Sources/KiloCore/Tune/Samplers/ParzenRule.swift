/// The two shapes of a ``ParzenEstimator``'s kernels where Kilo's TPE departs from Optuna's
/// (`tune.tpe_kernels`): the "magic clip" that bounds a numeric kernel's bandwidth from below, and
/// how much weight a categorical kernel leaves on the categories it was not fitted to.
///
/// - ``optuna``: Optuna 5's `_ParzenEstimator` exactly: σ_min = (high − low)/min(100, n + 2), and
///   an observation's kernel gives every category the prior's 1/(n + 1) and its own category 1
///   more (normalised).
/// - ``kilo`` (the default): σ_min = (high − low)/min(300, 1.5·(n + 2)), so l(x), which holds only
///   the best γ(n) trials, may narrow to a third less than Optuna's when it has few; and every
///   other category keeps at least half its own category's weight (1 + w against w, w ≥ 0.5), so
///   l(x) still proposes the categories its best trials did not happen to use. On the
///   benchmark functions this finds better values after 50 and after 200 trials (bench/RESULTS.md,
///   "Samplers"); the rest of the algorithm is Optuna's.
public struct ParzenRule: Sendable, Hashable {
    /// σ_min = (high − low) / min(`clipCap`, `clipScale`·(n + 2)) for n observations.
    public var clipScale: Double
    public var clipCap: Double
    /// The smallest weight w an observation's categorical kernel gives each category besides the
    /// 1 + w on its own (before normalising); the prior's 1/(n + 1) when that is larger.
    public var categoryFloor: Double

    public init(clipScale: Double, clipCap: Double, categoryFloor: Double) {
        (self.clipScale, self.clipCap, self.categoryFloor) = (clipScale, clipCap, categoryFloor)
    }

    /// Optuna 5's kernels.
    public static let optuna = ParzenRule(clipScale: 1, clipCap: 100, categoryFloor: 0)
    /// Kilo's default: a finer clip and categorical kernels that keep exploring.
    public static let kilo = ParzenRule(clipScale: 1.5, clipCap: 300, categoryFloor: 0.5)

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
