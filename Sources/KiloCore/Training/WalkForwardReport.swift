/// Mean and sample standard deviation of one metric over walk-forward folds.
public struct MetricSpread: Sendable, Equatable, Codable {
    /// The mean over the folds with a finite value.
    public var mean: Double
    /// The sample standard deviation (n − 1) over those folds; NaN for fewer than two.
    public var std: Double
    /// How many folds had a finite value.
    public var count: Int

    /// The spread of `values`, ignoring non-finite ones.
    /// - Complexity: O(values.count).
    public init(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        count = finite.count
        mean = finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        guard finite.count >= 2 else {
            std = .nan
            return
        }
        let m = mean
        std = (finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(finite.count - 1)).squareRoot()
    }
}

/// One predictor's metrics on one split, summarised over the folds.
public struct WalkForwardSummary: Sendable, Equatable, Codable {
    /// `validation` or `test`.
    public var split: String
    /// `model`, `zero` or `previous return`.
    public var predictor: String
    /// Rows per fold, summed.
    public var rows: Int
    /// Each metric's spread, keyed `rmse`, `mae`, `direction`, `ic`, `rank_ic`.
    public var rmse: MetricSpread
    /// See `rmse`.
    public var mae: MetricSpread
    /// See `rmse`.
    public var directionalAccuracy: MetricSpread
    /// See `rmse`.
    public var ic: MetricSpread
    /// See `rmse`.
    public var rankIC: MetricSpread
}

/// A walk-forward evaluation: K expanding folds with the same embargo, each with its own
/// preprocessor fit on its own training rows, early stopping on its own validation block and
/// metrics on its own test block. Nothing is written to the model store.
public struct WalkForwardReport: Sendable, Equatable, Codable {
    /// The model kind.
    public var kind: ModelKind
    /// The symbol.
    public var symbol: String
    /// The folds' splits, oldest first.
    public var splits: [DataSplit]
    /// Each fold's training report, oldest first.
    public var folds: [TrainingReport]
    /// Mean ± std per split and predictor.
    public var summaries: [WalkForwardSummary]

    /// Summarises `folds` (run on `splits`).
    public init(kind: ModelKind, symbol: String, splits: [DataSplit], folds: [TrainingReport]) {
        self.kind = kind
        self.symbol = symbol
        self.splits = splits
        self.folds = folds
        var summaries: [WalkForwardSummary] = []
        for split in ["validation", "test"] {
            let evaluations = folds.compactMap { $0.evaluations.first { $0.split == split } }
            guard !evaluations.isEmpty else { continue }
            let predictors: [(String, KeyPath<SplitEvaluation, RegressionMetrics>)] = [
                ("model", \.model), ("zero", \.zero), ("previous return", \.previousReturn),
            ]
            for (name, path) in predictors {
                let metrics = evaluations.map { $0[keyPath: path] }
                summaries.append(
                    WalkForwardSummary(
                        split: split, predictor: name, rows: metrics.reduce(0) { $0 + $1.count },
                        rmse: MetricSpread(metrics.map(\.rmse)), mae: MetricSpread(metrics.map(\.mae)),
                        directionalAccuracy: MetricSpread(metrics.map(\.directionalAccuracy)),
                        ic: MetricSpread(metrics.map(\.ic)), rankIC: MetricSpread(metrics.map(\.rankIC))))
            }
        }
        self.summaries = summaries
    }
}
