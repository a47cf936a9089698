/// Gradient-boosting settings, `config.yaml` section `models.lightgbm`. Keys and meanings are
/// LightGBM's own; defaults are LightGBM's except where the original bot set its own
/// (num_leaves 31, learning_rate 0.05, feature_fraction 0.9, bagging_fraction 0.8,
/// bagging_freq 5, num_iterations 1000, early_stopping_round 50).
public struct LightGBMConfig: Codable, Sendable, Equatable {
    /// Objective: `regression` (L2), `huber` or `binary`.
    public var objective: String = "regression"
    /// Boosting rounds (alias `n_estimators`).
    public var numIterations: Int = 1000
    /// Shrinkage applied to every tree.
    public var learningRate: Double = 0.05
    /// Maximum leaves per tree.
    public var numLeaves: Int = 31
    /// Maximum tree depth; `<= 0` means no limit.
    public var maxDepth: Int = -1
    /// Minimum rows in a leaf.
    public var minDataInLeaf: Int = 20
    /// Minimum sum of hessians in a leaf.
    public var minSumHessianInLeaf: Double = 1e-3
    /// L1 regularisation of leaf outputs.
    public var lambdaL1: Double = 0
    /// L2 regularisation of leaf outputs.
    public var lambdaL2: Double = 0
    /// Minimum gain for a split.
    public var minGainToSplit: Double = 0
    /// Fraction of features each tree may use.
    public var featureFraction: Double = 0.9
    /// Fraction of rows each bagging round keeps.
    public var baggingFraction: Double = 0.8
    /// Re-bag every this many iterations; 0 disables bagging.
    public var baggingFreq: Int = 5
    /// Stop when the validation metric has not improved for this many rounds; 0 disables
    /// (alias `early_stopping_rounds`).
    public var earlyStoppingRound: Int = 50
    /// Maximum bins per feature (at most 255 here: bins are bytes, one is kept for NaN).
    public var maxBin: Int = 255
    /// Minimum rows per bin when building bins.
    public var minDataInBin: Int = 3
    /// Rows sampled to build the bins.
    public var binConstructSampleCnt: Int = 200_000
    /// Huber loss transition point (`huber` objective).
    public var alpha: Double = 0.9
    /// Seed of every random choice (bagging, feature fraction, bin sampling).
    public var seed: UInt64 = 0
    /// Worker threads: 1 runs single-threaded; 0 (or more than 1) spreads histogram building,
    /// binning and partitioning over every core.
    public var numThreads: Int = 0

    /// All defaults.
    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case objective
        case numIterations = "num_iterations"
        case nEstimators = "n_estimators"
        case learningRate = "learning_rate"
        case numLeaves = "num_leaves"
        case maxDepth = "max_depth"
        case minDataInLeaf = "min_data_in_leaf"
        case minSumHessianInLeaf = "min_sum_hessian_in_leaf"
        case lambdaL1 = "lambda_l1"
        case lambdaL2 = "lambda_l2"
        case minGainToSplit = "min_gain_to_split"
        case featureFraction = "feature_fraction"
        case baggingFraction = "bagging_fraction"
        case baggingFreq = "bagging_freq"
        case earlyStoppingRound = "early_stopping_round"
        case earlyStoppingRounds = "early_stopping_rounds"
        case maxBin = "max_bin"
        case minDataInBin = "min_data_in_bin"
        case binConstructSampleCnt = "bin_construct_sample_cnt"
        case alpha
        case seed
        case numThreads = "num_threads"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = LightGBMConfig()
        objective = try c.decodeIfPresent(String.self, forKey: .objective) ?? d.objective
        numIterations =
            try c.decodeIfPresent(Int.self, forKey: .numIterations)
            ?? c.decodeIfPresent(Int.self, forKey: .nEstimators) ?? d.numIterations
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? d.learningRate
        numLeaves = try c.decodeIfPresent(Int.self, forKey: .numLeaves) ?? d.numLeaves
        maxDepth = try c.decodeIfPresent(Int.self, forKey: .maxDepth) ?? d.maxDepth
        minDataInLeaf = try c.decodeIfPresent(Int.self, forKey: .minDataInLeaf) ?? d.minDataInLeaf
        minSumHessianInLeaf =
            try c.decodeIfPresent(Double.self, forKey: .minSumHessianInLeaf) ?? d.minSumHessianInLeaf
        lambdaL1 = try c.decodeIfPresent(Double.self, forKey: .lambdaL1) ?? d.lambdaL1
        lambdaL2 = try c.decodeIfPresent(Double.self, forKey: .lambdaL2) ?? d.lambdaL2
        minGainToSplit = try c.decodeIfPresent(Double.self, forKey: .minGainToSplit) ?? d.minGainToSplit
        featureFraction = try c.decodeIfPresent(Double.self, forKey: .featureFraction) ?? d.featureFraction
        baggingFraction = try c.decodeIfPresent(Double.self, forKey: .baggingFraction) ?? d.baggingFraction
        baggingFreq = try c.decodeIfPresent(Int.self, forKey: .baggingFreq) ?? d.baggingFreq
        earlyStoppingRound =
            try c.decodeIfPresent(Int.self, forKey: .earlyStoppingRound)
            ?? c.decodeIfPresent(Int.self, forKey: .earlyStoppingRounds) ?? d.earlyStoppingRound
        maxBin = try c.decodeIfPresent(Int.self, forKey: .maxBin) ?? d.maxBin
        minDataInBin = try c.decodeIfPresent(Int.self, forKey: .minDataInBin) ?? d.minDataInBin
        binConstructSampleCnt =
            try c.decodeIfPresent(Int.self, forKey: .binConstructSampleCnt) ?? d.binConstructSampleCnt
        alpha = try c.decodeIfPresent(Double.self, forKey: .alpha) ?? d.alpha
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        numThreads = try c.decodeIfPresent(Int.self, forKey: .numThreads) ?? d.numThreads
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(objective, forKey: .objective)
        try c.encode(numIterations, forKey: .numIterations)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(numLeaves, forKey: .numLeaves)
        try c.encode(maxDepth, forKey: .maxDepth)
        try c.encode(minDataInLeaf, forKey: .minDataInLeaf)
        try c.encode(minSumHessianInLeaf, forKey: .minSumHessianInLeaf)
        try c.encode(lambdaL1, forKey: .lambdaL1)
        try c.encode(lambdaL2, forKey: .lambdaL2)
        try c.encode(minGainToSplit, forKey: .minGainToSplit)
        try c.encode(featureFraction, forKey: .featureFraction)
        try c.encode(baggingFraction, forKey: .baggingFraction)
        try c.encode(baggingFreq, forKey: .baggingFreq)
        try c.encode(earlyStoppingRound, forKey: .earlyStoppingRound)
        try c.encode(maxBin, forKey: .maxBin)
        try c.encode(minDataInBin, forKey: .minDataInBin)
        try c.encode(binConstructSampleCnt, forKey: .binConstructSampleCnt)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(seed, forKey: .seed)
        try c.encode(numThreads, forKey: .numThreads)
    }

    /// The objectives the learner implements.
    public static let objectives = ["regression", "huber", "binary"]

    /// Checks every value's range.
    /// - Throws: `ConfigError.invalidValue` naming `prefix.key`.
    public func validate(prefix: String) throws(ConfigError) {
        func fail(_ key: CodingKeys, _ value: Any, _ reason: String) -> ConfigError {
            .invalidValue(key: "\(prefix).\(key.rawValue)", value: "\(value)", reason: reason)
        }
        if !Self.objectives.contains(objective) {
            throw fail(.objective, objective, "must be one of \(Self.objectives.joined(separator: ", "))")
        }
        if numIterations < 1 { throw fail(.numIterations, numIterations, "must be at least 1") }
        if !(learningRate > 0) { throw fail(.learningRate, learningRate, "must be positive") }
        if numLeaves < 2 || numLeaves > 131_072 { throw fail(.numLeaves, numLeaves, "must be in 2...131072") }
        if minDataInLeaf < 0 { throw fail(.minDataInLeaf, minDataInLeaf, "must not be negative") }
        if !(minSumHessianInLeaf >= 0) { throw fail(.minSumHessianInLeaf, minSumHessianInLeaf, "must not be negative") }
        if !(lambdaL1 >= 0) { throw fail(.lambdaL1, lambdaL1, "must not be negative") }
        if !(lambdaL2 >= 0) { throw fail(.lambdaL2, lambdaL2, "must not be negative") }
        if !(minGainToSplit >= 0) { throw fail(.minGainToSplit, minGainToSplit, "must not be negative") }
        if !(featureFraction > 0 && featureFraction <= 1) {
            throw fail(.featureFraction, featureFraction, "must be in (0, 1]")
        }
        if !(baggingFraction > 0 && baggingFraction <= 1) {
            throw fail(.baggingFraction, baggingFraction, "must be in (0, 1]")
        }
        if baggingFreq < 0 { throw fail(.baggingFreq, baggingFreq, "must not be negative") }
        if earlyStoppingRound < 0 { throw fail(.earlyStoppingRound, earlyStoppingRound, "must not be negative") }
        if maxBin < 2 || maxBin > 255 { throw fail(.maxBin, maxBin, "must be in 2...255") }
        if minDataInBin < 1 { throw fail(.minDataInBin, minDataInBin, "must be at least 1") }
        if binConstructSampleCnt < 1 { throw fail(.binConstructSampleCnt, binConstructSampleCnt, "must be at least 1") }
        if !(alpha > 0) { throw fail(.alpha, alpha, "must be positive") }
        if numThreads < 0 { throw fail(.numThreads, numThreads, "must not be negative") }
    }
}
