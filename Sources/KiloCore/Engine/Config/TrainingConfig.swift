/// `training:` — how each symbol's rows are split for fitting and evaluation.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// Share of the usable rows used for training (chronologically first).
    public var trainFraction = 0.70
    /// Share used for validation (early stopping, selection).
    public var validationFraction = 0.15
    /// Share used for the test report (never for selection).
    public var testFraction = 0.15
    /// Bars left out between parts; 0 means max(longest feature lookback, target horizon).
    public var embargoBars = 0
    /// Training runs (symbol × model) at once; 0 means one per core. The files do not depend on it.
    public var parallelRuns = 0

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case trainFraction = "train_fraction"
        case validationFraction = "validation_fraction"
        case testFraction = "test_fraction"
        case embargoBars = "embargo_bars"
        case parallelRuns = "parallel_runs"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingConfig()
        trainFraction = try c.value(.trainFraction, default: d.trainFraction)
        validationFraction = try c.value(.validationFraction, default: d.validationFraction)
        testFraction = try c.value(.testFraction, default: d.testFraction)
        embargoBars = try c.value(.embargoBars, default: d.embargoBars)
        parallelRuns = try c.value(.parallelRuns, default: d.parallelRuns)
    }

    /// Checks that the fractions are positive and sum to 1 and the embargo and run count are not negative.
    public func validate(prefix: String) throws(ConfigError) {
        for (key, value) in [
            ("train_fraction", trainFraction), ("validation_fraction", validationFraction),
            ("test_fraction", testFraction),
        ] where !(value > 0 && value < 1) {
            throw .invalidValue(key: "\(prefix).\(key)", value: "\(value)", reason: "must be between 0 and 1")
        }
        let sum = trainFraction + validationFraction + testFraction
        if abs(sum - 1) > 1e-9 {
            throw .invalidValue(
                key: "\(prefix).test_fraction", value: "\(testFraction)",
                reason: "the three fractions sum to \(sum), not 1")
        }
        if embargoBars < 0 {
            throw .invalidValue(key: "\(prefix).embargo_bars", value: "\(embargoBars)", reason: "must be 0 or more")
        }
        if parallelRuns < 0 {
            throw .invalidValue(key: "\(prefix).parallel_runs", value: "\(parallelRuns)", reason: "must be 0 or more")
        }
    }
}
