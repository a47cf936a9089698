/// Metrics of one model on one split beside the naive baselines.
public struct SplitEvaluation: Sendable, Equatable, Codable {
    /// `validation` or `test`.
    public var split: String
    /// The model's predictions.
    public var model: RegressionMetrics
    /// Always predicting a zero return.
    public var zero: RegressionMetrics
    /// Predicting the previous bar's return.
    public var previousReturn: RegressionMetrics
}

/// What training one model for one symbol did.
public struct TrainingReport: Sendable, Equatable, Codable {
    /// The model kind.
    public var kind: ModelKind
    /// The symbol.
    public var symbol: String
    /// First and last bar time of the data (epoch ms).
    public var dataRange: ClosedRange<Int64>
    /// Usable rows (windows for the GRU) per split.
    public var rows: [String: Int]
    /// Epochs (GRU) or boosting rounds (LightGBM) run.
    public var iterations: Int
    /// The best epoch or round kept.
    public var bestIteration: Int
    /// One line: how training ended and which weights were kept.
    public var summary: String
    /// Validation and test metrics (GRU, LightGBM).
    public var evaluations: [SplitEvaluation]
    /// Other results, one line each (the PPO evaluation report).
    public var notes: [String] = []
    /// Wall time of the training itself.
    public var seconds: Double
    /// Files written (model, preprocessor, metadata, manifest).
    public var files: [String]
    /// The seed used.
    public var seed: UInt64
    /// The feature spec hash the model records.
    public var specHash: String
}

/// Progress of a training run, for the shell's progress bar.
public struct TrainingProgress: Sendable, Equatable {
    /// The model kind.
    public var kind: ModelKind
    /// The symbol.
    public var symbol: String
    /// Epochs or rounds done.
    public var step: Int
    /// Epochs or rounds at most.
    public var total: Int
    /// Short metric text (`train 0.98 val 1.01`).
    public var metrics: String
    /// Seconds so far.
    public var elapsed: Double
}
