/// Gradient-boosting settings, `config.yaml` section `models.lightgbm`. Keys and meanings are
/// LightGBM's own (with its aliases `n_estimators` and `early_stopping_rounds`); defaults are
/// LightGBM's except where the original bot set its own (num_leaves 31, learning_rate 0.05,
/// feature_fraction 0.9, bagging_fraction 0.8, bagging_freq 5, num_iterations 1000,
/// early_stopping_round 50).
///
/// Every property is a key of `keys` (its name, meaning and rules are declared there).
public struct LightGBMConfig: ConfigSection {
    public var objective: String = "regression"
    public var numIterations: Int = 1000
    public var learningRate: Double = 0.05
    public var numLeaves: Int = 31
    public var maxDepth: Int = -1
    public var minDataInLeaf: Int = 20
    public var minSumHessianInLeaf: Double = 1e-3
    public var lambdaL1: Double = 0
    public var lambdaL2: Double = 0
    public var minGainToSplit: Double = 0
    public var featureFraction: Double = 0.9
    public var baggingFraction: Double = 0.8
    public var baggingFreq: Int = 5
    public var earlyStoppingRound: Int = 50
    public var maxBin: Int = 255
    public var minDataInBin: Int = 3
    public var binConstructSampleCnt: Int = 200_000
    public var alpha: Double = 0.9
    public var seed: UInt64 = 0
    public var numThreads: Int = 0

    /// All defaults.
    public init() {}

    /// The objectives the learner implements.
    public static let objectives = ["regression", "huber", "binary"]

    public static let keys: [ConfigKey<LightGBMConfig>] = [
        .value(
            "objective", \.objective, "objective: `regression` (L2), `huber` or `binary`",
            rules: [.must("must be one of \(objectives.joined(separator: ", "))") { objectives.contains($0) }]),
        .value(
            "num_iterations", \.numIterations, "boosting rounds", aliases: ["n_estimators"], rules: [.atLeast(1)]),
        .value(
            "learning_rate", \.learningRate, "shrinkage applied to every tree",
            rules: [.must("must be positive") { $0 > 0 }]),
        .value(
            "num_leaves", \.numLeaves, "maximum leaves per tree",
            rules: [.must("must be in 2...131072") { (2...131_072).contains($0) }]),
        .value("max_depth", \.maxDepth, "maximum tree depth; `<= 0` means no limit"),
        .value("min_data_in_leaf", \.minDataInLeaf, "minimum rows in a leaf", rules: [notNegative]),
        .value(
            "min_sum_hessian_in_leaf", \.minSumHessianInLeaf, "minimum sum of hessians in a leaf",
            rules: [notNegativeNumber]),
        .value("lambda_l1", \.lambdaL1, "L1 regularisation of leaf outputs", rules: [notNegativeNumber]),
        .value("lambda_l2", \.lambdaL2, "L2 regularisation of leaf outputs", rules: [notNegativeNumber]),
        .value("min_gain_to_split", \.minGainToSplit, "minimum gain for a split", rules: [notNegativeNumber]),
        .value("feature_fraction", \.featureFraction, "fraction of features each tree may use", rules: [.aboveZeroUpToOne]),
        .value("bagging_fraction", \.baggingFraction, "fraction of rows each bagging round keeps", rules: [.aboveZeroUpToOne]),
        .value(
            "bagging_freq", \.baggingFreq, "re-bag every this many iterations; 0 disables bagging", rules: [notNegative]),
        .value(
            "early_stopping_round", \.earlyStoppingRound,
            "stop when the validation metric has not improved for this many rounds; 0 disables",
            aliases: ["early_stopping_rounds"], rules: [notNegative]),
        .value(
            "max_bin", \.maxBin, "maximum bins per feature (at most 255 here: bins are bytes, one is kept for NaN)",
            rules: [.within(2...255)]),
        .value("min_data_in_bin", \.minDataInBin, "minimum rows per bin when building bins", rules: [.atLeast(1)]),
        .value(
            "bin_construct_sample_cnt", \.binConstructSampleCnt, "rows sampled to build the bins", rules: [.atLeast(1)]),
        .value(
            "alpha", \.alpha, "Huber loss transition point (`huber` objective)",
            rules: [.must("must be positive") { $0 > 0 }]),
        .value("seed", \.seed, "seed of every random choice (bagging, feature fraction, bin sampling)"),
        .value(
            "num_threads", \.numThreads,
            "worker threads: 1 runs single-threaded; 0 (or more than 1) spreads histogram building, binning and "
                + "partitioning over every core", rules: [notNegative]),
    ]

    private static let notNegative = ConfigRule<LightGBMConfig, Int>.must("must not be negative") { $0 >= 0 }
    private static let notNegativeNumber = ConfigRule<LightGBMConfig, Double>.must("must not be negative") { $0 >= 0 }
}
