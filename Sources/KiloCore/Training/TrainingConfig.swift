/// `training:` — how each symbol's rows are split for fitting and evaluation.
///
/// Every property is a key of `keys` (its name, meaning and rules are declared there).
public struct TrainingConfig: ConfigSection {
    public var trainFraction = 0.70
    public var validationFraction = 0.15
    public var testFraction = 0.15
    public var embargoBars = 0
    public var parallelRuns = 0
    public var runner = TrainingRunner.local
    public var ray = RayConfig()

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<TrainingConfig>] = [
        .value(
            "train_fraction", \.trainFraction,
            "share of the usable rows (past the warm-up) for training, chronologically first", rules: [fraction]),
        .value(
            "validation_fraction", \.validationFraction, "share for validation (early stopping, selection)",
            rules: [fraction]),
        .value(
            "test_fraction", \.testFraction, "share for the test report (never used for selection)",
            rules: [
                fraction,
                .custom("the three fractions sum to 1") { test, config in
                    let sum = config.trainFraction + config.validationFraction + test
                    return abs(sum - 1) > 1e-9 ? ("\(test)", "the three fractions sum to \(sum), not 1") : nil
                },
            ]),
        .value(
            "embargo_bars", \.embargoBars,
            "bars left out between parts; 0 means max(longest feature lookback, target horizon)",
            rules: [.zeroOrMore]),
        .value(
            "parallel_runs", \.parallelRuns,
            "training runs (symbol × model, or walk-forward folds) at once; 0 means one per core; "
                + "the files written do not depend on it", rules: [.zeroOrMore]),
        .value(
            "runner", \.runner,
            "where `kilo train` runs: `local` (the thread pool above) or `ray` (plans the jobs and hands them to `training.ray`)"),
        .section("ray", \.ray, "the Ray cluster"),
    ]

    private static let fraction = ConfigRule<TrainingConfig, Double>.must("must be between 0 and 1") { $0 > 0 && $0 < 1 }
}
