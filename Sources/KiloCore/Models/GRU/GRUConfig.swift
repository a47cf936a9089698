/// Settings of the GRU regressor (`config.yaml` section `models.gru`).
///
/// Every key is used: the architecture keys shape the network, the optimiser keys configure
/// `Adam` (PyTorch's L2 weight decay), `grad_clip` the global-norm clipping (0 disables),
/// the `lr_plateau_*` keys `ReduceLROnPlateau` (enabled by `reduce_lr_on_plateau`), `seed` the
/// initialisation, batch shuffling and dropout masks, and `threads` the OpenBLAS thread count set
/// for training (0 leaves OpenBLAS's current setting).
public struct GRUConfig: Codable, Sendable, Equatable {
    /// Rows per input window.
    ///
    /// The defaults (30 rows, 2 layers of 64) are sized for one symbol's year of 30-minute bars:
    /// the original's 60 × 3 × 128 (set them to get it) reached the same validation loss on the
    /// embedded symbols at about seven times the cost (bench/RESULTS.md, "Training").
    public var sequenceLength = 30
    /// GRU hidden units per layer (the head has `hidden_size / 2` units).
    public var hiddenSize = 64
    /// Stacked GRU layers.
    public var numLayers = 2
    /// Dropout probability between GRU layers and before the head.
    public var dropout = 0.2
    /// Adam's initial learning rate.
    public var learningRate = 0.001
    /// Windows per mini-batch.
    public var batchSize = 128
    /// Maximum passes over the training windows.
    public var epochs = 50
    /// Epochs without a validation improvement before early stopping.
    public var patience = 10
    /// PyTorch Adam `weight_decay` (L2 penalty added to the gradient).
    public var weightDecay = 0.0
    /// Adam β₁.
    public var adamBeta1 = 0.9
    /// Adam β₂.
    public var adamBeta2 = 0.999
    /// Adam ε.
    public var adamEpsilon = 1e-8
    /// Maximum global gradient norm; 0 disables clipping.
    public var gradClip = 1.0
    /// Whether ReduceLROnPlateau watches the validation loss.
    public var reduceLROnPlateau = true
    /// The learning-rate multiplier on a plateau.
    public var lrPlateauFactor = 0.5
    /// Epochs without improvement before the learning rate is reduced.
    public var lrPlateauPatience = 5
    /// The learning-rate floor of the scheduler.
    public var minLearningRate = 1e-6
    /// Seed of initialisation, shuffling and dropout.
    public var seed = 42
    /// OpenBLAS threads set when training starts (0 keeps the current setting).
    public var threads = 1

    /// The defaults.
    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case sequenceLength = "sequence_length"
        case hiddenSize = "hidden_size"
        case numLayers = "num_layers"
        case dropout
        case learningRate = "learning_rate"
        case batchSize = "batch_size"
        case epochs
        case patience
        case weightDecay = "weight_decay"
        case adamBeta1 = "adam_beta1"
        case adamBeta2 = "adam_beta2"
        case adamEpsilon = "adam_epsilon"
        case gradClip = "grad_clip"
        case reduceLROnPlateau = "reduce_lr_on_plateau"
        case lrPlateauFactor = "lr_plateau_factor"
        case lrPlateauPatience = "lr_plateau_patience"
        case minLearningRate = "min_learning_rate"
        case seed
        case threads
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = GRUConfig()
        sequenceLength = try c.decodeIfPresent(Int.self, forKey: .sequenceLength) ?? d.sequenceLength
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? d.hiddenSize
        numLayers = try c.decodeIfPresent(Int.self, forKey: .numLayers) ?? d.numLayers
        dropout = try c.decodeIfPresent(Double.self, forKey: .dropout) ?? d.dropout
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? d.learningRate
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? d.epochs
        patience = try c.decodeIfPresent(Int.self, forKey: .patience) ?? d.patience
        weightDecay = try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? d.weightDecay
        adamBeta1 = try c.decodeIfPresent(Double.self, forKey: .adamBeta1) ?? d.adamBeta1
        adamBeta2 = try c.decodeIfPresent(Double.self, forKey: .adamBeta2) ?? d.adamBeta2
        adamEpsilon = try c.decodeIfPresent(Double.self, forKey: .adamEpsilon) ?? d.adamEpsilon
        gradClip = try c.decodeIfPresent(Double.self, forKey: .gradClip) ?? d.gradClip
        reduceLROnPlateau = try c.decodeIfPresent(Bool.self, forKey: .reduceLROnPlateau) ?? d.reduceLROnPlateau
        lrPlateauFactor = try c.decodeIfPresent(Double.self, forKey: .lrPlateauFactor) ?? d.lrPlateauFactor
        lrPlateauPatience = try c.decodeIfPresent(Int.self, forKey: .lrPlateauPatience) ?? d.lrPlateauPatience
        minLearningRate = try c.decodeIfPresent(Double.self, forKey: .minLearningRate) ?? d.minLearningRate
        seed = try c.decodeIfPresent(Int.self, forKey: .seed) ?? d.seed
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? d.threads
    }

    /// Throws for the first out-of-range value, naming the key as `prefix.key`.
    public func validate(prefix: String) throws(ConfigError) {
        func check(_ ok: Bool, _ key: CodingKeys, _ value: Any, _ reason: String) throws(ConfigError) {
            if !ok { throw .invalidValue(key: "\(prefix).\(key.rawValue)", value: "\(value)", reason: reason) }
        }
        try check((1...10_000).contains(sequenceLength), .sequenceLength, sequenceLength, "must be in 1...10000")
        try check((2...4096).contains(hiddenSize), .hiddenSize, hiddenSize, "must be in 2...4096")
        try check((1...16).contains(numLayers), .numLayers, numLayers, "must be in 1...16")
        try check(dropout >= 0 && dropout < 1, .dropout, dropout, "must be in [0, 1)")
        try check(learningRate > 0 && learningRate.isFinite, .learningRate, learningRate, "must be positive")
        try check((1...1_000_000).contains(batchSize), .batchSize, batchSize, "must be in 1...1000000")
        try check(epochs >= 1, .epochs, epochs, "must be at least 1")
        try check(patience >= 1, .patience, patience, "must be at least 1")
        try check(weightDecay >= 0 && weightDecay.isFinite, .weightDecay, weightDecay, "must be non-negative")
        try check(adamBeta1 >= 0 && adamBeta1 < 1, .adamBeta1, adamBeta1, "must be in [0, 1)")
        try check(adamBeta2 >= 0 && adamBeta2 < 1, .adamBeta2, adamBeta2, "must be in [0, 1)")
        try check(adamEpsilon > 0 && adamEpsilon.isFinite, .adamEpsilon, adamEpsilon, "must be positive")
        try check(gradClip >= 0 && gradClip.isFinite, .gradClip, gradClip, "must be non-negative (0 disables)")
        try check(lrPlateauFactor > 0 && lrPlateauFactor < 1, .lrPlateauFactor, lrPlateauFactor, "must be in (0, 1)")
        try check(lrPlateauPatience >= 0, .lrPlateauPatience, lrPlateauPatience, "must be non-negative")
        try check(
            minLearningRate >= 0 && minLearningRate.isFinite, .minLearningRate, minLearningRate,
            "must be non-negative")
        try check(seed >= 0, .seed, seed, "must be non-negative")
        try check((0...256).contains(threads), .threads, threads, "must be in 0...256 (0 keeps the OpenBLAS setting)")
    }
}
