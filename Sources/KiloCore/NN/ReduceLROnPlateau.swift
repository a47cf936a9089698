/// PyTorch's `ReduceLROnPlateau` in `min` mode with a relative threshold of 1e-4 and no cooldown:
/// after more than `patience` epochs without a relative improvement of the monitored loss, the
/// learning rate is multiplied by `factor`, never below `minimumLearningRate`.
public struct ReduceLROnPlateau: Sendable, Equatable {
    /// The multiplier applied on a plateau, in (0, 1).
    public let factor: Double
    /// Epochs without improvement tolerated before a reduction.
    public let patience: Int
    /// The floor for the learning rate.
    public let minimumLearningRate: Double
    /// The relative improvement that counts as better (PyTorch's default `threshold`).
    public let threshold = 1e-4
    /// The best loss seen so far.
    public private(set) var best = Double.infinity
    /// Epochs since the last improvement.
    public private(set) var badEpochs = 0

    /// A scheduler with PyTorch's semantics for the given settings.
    public init(factor: Double, patience: Int, minimumLearningRate: Double) {
        precondition(factor > 0 && factor < 1, "ReduceLROnPlateau.init: factor \(factor)")
        precondition(patience >= 0, "ReduceLROnPlateau.init: patience \(patience)")
        self.factor = factor
        self.patience = patience
        self.minimumLearningRate = minimumLearningRate
    }

    /// Records one epoch's `loss` and returns the learning rate to use from now on.
    public mutating func step(loss: Double, learningRate: Double) -> Double {
        if loss < best * (1 - threshold) {
            best = loss
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        guard badEpochs > patience else { return learningRate }
        badEpochs = 0
        let reduced = max(learningRate * factor, minimumLearningRate)
        return learningRate - reduced > 1e-8 ? reduced : learningRate
    }
}
