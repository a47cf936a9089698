/// What `GRUTrainer.train` learns from: a feature matrix, a target per row and the rows that end
/// the training and validation windows.
public struct GRUTrainingData: Sendable {
    /// Row-major `[rows, columnCount]` features, rows in time order, used as given.
    public var features: [Float]
    /// Feature columns per row.
    public var columnCount: Int
    /// One target per row; the window ending at row `e` learns `targets[e]`.
    public var targets: [Float]
    /// Rows ending training windows (each ≥ `sequence_length − 1`); only these are sampled.
    public var trainingWindowEnds: [Int]
    /// Rows ending validation windows, for the validation loss and early stopping.
    public var validationWindowEnds: [Int]
    /// The names of the feature columns, stored with the model.
    public var featureNames: [String]
    /// The hash of the feature specification, stored with the model.
    public var featureSpecHash: String

    /// The number of rows.
    public var rowCount: Int { columnCount > 0 ? features.count / columnCount : 0 }
}

/// One finished epoch, reported to the progress closure.
public struct GRUEpochReport: Sendable, Equatable {
    /// The epoch just finished (1-based).
    public let epoch: Int
    /// The configured maximum number of epochs.
    public let epochCount: Int
    /// Mean training MSE (standardised target, dropout active) over the epoch's batches.
    public let trainingLoss: Double
    /// Validation MSE (standardised target, evaluation mode) after the epoch.
    public let validationLoss: Double
    /// The best validation loss so far.
    public let bestValidationLoss: Double
    /// The epoch that reached `bestValidationLoss`.
    public let bestEpoch: Int
    /// The learning rate used during this epoch.
    public let learningRate: Double
    /// Seconds since training started.
    public let elapsedSeconds: Double
    /// Training windows per second in this epoch.
    public let samplesPerSecond: Double
    /// Seconds the remaining epochs would take at the mean pace so far (an upper bound: early
    /// stopping may end sooner).
    public let estimatedRemainingSeconds: Double
}

/// Why training ended.
public enum GRUStopReason: String, Sendable, Equatable {
    /// All configured epochs ran.
    case completed
    /// The validation loss did not improve for `patience` epochs.
    case earlyStopped = "early-stopped"
    /// The cancellation token was set; training stopped between batches.
    case cancelled
}

/// The outcome of training: the model holding the best validation weights and how it got there.
public struct GRUTrainingResult: Sendable {
    /// The model with the restored best weights.
    public let model: GRUModel
    /// Why training ended.
    public let stopReason: GRUStopReason
    /// The epoch whose weights the model holds (0: cancelled before the first epoch ended; the
    /// model then holds the weights at the moment of cancellation).
    public let bestEpoch: Int
    /// The validation loss of the returned weights.
    public let bestValidationLoss: Double
    /// Every finished epoch's report.
    public let epochs: [GRUEpochReport]

    /// A one-line summary for the shell, saying which weights were kept.
    public var summary: String {
        let loss = String(bestValidationLoss)
        if bestEpoch == 0 && stopReason != .cancelled {
            return "no epoch reached a finite validation loss in \(epochs.count) epochs; kept the last weights (validation loss \(loss))"
        }
        switch stopReason {
        case .completed:
            return "trained \(epochs.count) epochs; kept the best weights from epoch \(bestEpoch) (validation loss \(loss))"
        case .earlyStopped:
            return "stopped early after \(epochs.count) epochs; restored the best weights from epoch \(bestEpoch) (validation loss \(loss))"
        case .cancelled:
            if bestEpoch == 0 {
                return "interrupted before the first epoch finished; kept the current weights (validation loss \(loss))"
            }
            return "interrupted after \(epochs.count) epochs; kept the best weights so far from epoch \(bestEpoch) (validation loss \(loss))"
        }
    }
}
