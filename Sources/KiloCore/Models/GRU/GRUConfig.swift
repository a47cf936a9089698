/// Settings of the GRU regressor (`config.yaml` section `models.gru`).
///
/// Every key is used: the architecture keys shape the network, the optimiser keys configure
/// `Adam` (PyTorch's L2 weight decay), `grad_clip` the global-norm clipping (0 disables),
/// the `lr_plateau_*` keys `ReduceLROnPlateau` (enabled by `reduce_lr_on_plateau`), `seed` the
/// initialisation, batch shuffling and dropout masks, and `threads` the OpenBLAS thread count set
/// for training (0 leaves OpenBLAS's current setting). Every property is a key of `keys` (its
/// name, meaning and rules are declared there).
///
/// The defaults (30 rows, 2 layers of 64) are sized for one symbol's year of 30-minute bars:
/// the original's 60 × 3 × 128 (set them to get it) reached the same validation loss on the
/// embedded symbols at about seven times the cost (bench/RESULTS.md, "Training").
public struct GRUConfig: ConfigSection, BLASThreadedSection {
    public var sequenceLength = 30
    public var hiddenSize = 64
    public var numLayers = 2
    public var dropout = 0.2
    public var learningRate = 0.001
    public var batchSize = 128
    public var epochs = 50
    public var patience = 10
    public var weightDecay = 0.0
    public var adamBeta1 = 0.9
    public var adamBeta2 = 0.999
    public var adamEpsilon = 1e-8
    public var gradClip = 1.0
    public var reduceLROnPlateau = true
    public var lrPlateauFactor = 0.5
    public var lrPlateauPatience = 5
    public var minLearningRate = 1e-6
    public var seed = 42
    public var threads = 1

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<GRUConfig>] = [
        .value(
            "sequence_length", \.sequenceLength,
            "rows per input window (the original used 60 × 3 layers × 128 units)",
            rules: [.within(1...10_000)]),
        .value(
            "hidden_size", \.hiddenSize, "GRU units per layer (the head has `hidden_size / 2`)",
            rules: [.within(2...4096)]),
        .value("num_layers", \.numLayers, "stacked GRU layers", rules: [.within(1...16)]),
        .value("dropout", \.dropout, "dropout between GRU layers and before the head", rules: [unitInterval]),
        .value("learning_rate", \.learningRate, "Adam's initial learning rate", rules: [.positive]),
        .value("batch_size", \.batchSize, "windows per mini-batch", rules: [.within(1...1_000_000)]),
        .value("epochs", \.epochs, "maximum passes over the training windows", rules: [.atLeast(1)]),
        .value(
            "patience", \.patience, "epochs without validation improvement before early stopping (best weights restored)",
            rules: [.atLeast(1)]),
        .value("weight_decay", \.weightDecay, "Adam L2 penalty (PyTorch's form)", rules: [nonNegative]),
        .value("adam_beta1", \.adamBeta1, "Adam β₁", rules: [unitInterval]),
        .value("adam_beta2", \.adamBeta2, "Adam β₂", rules: [unitInterval]),
        .value("adam_epsilon", \.adamEpsilon, "Adam ε", rules: [.positive]),
        .value(
            "grad_clip", \.gradClip, "maximum global gradient norm; 0 disables",
            rules: [.must("must be non-negative (0 disables)") { $0 >= 0 && $0.isFinite }]),
        .value(
            "reduce_lr_on_plateau", \.reduceLROnPlateau, "reduce the learning rate when the validation loss stalls"),
        .value(
            "lr_plateau_factor", \.lrPlateauFactor, "learning-rate multiplier on a plateau",
            rules: [.insideZeroOne]),
        .value(
            "lr_plateau_patience", \.lrPlateauPatience, "epochs without improvement before reducing",
            rules: [.must("must be non-negative") { $0 >= 0 }]),
        .value("min_learning_rate", \.minLearningRate, "learning-rate floor", rules: [nonNegative]),
        .value(
            "seed", \.seed, "seed of initialisation, shuffling and dropout masks",
            rules: [.must("must be non-negative") { $0 >= 0 }]),
        .value(
            "threads", \.threads, "OpenBLAS threads for GRU runs, set once by the scheduler before they start (0 keeps the current setting)",
            rules: [.blasThreads]),
    ]

    private static let unitInterval = ConfigRule<GRUConfig, Double>.must("must be in [0, 1)") { $0 >= 0 && $0 < 1 }
    private static let nonNegative = ConfigRule<GRUConfig, Double>.must("must be non-negative") { $0 >= 0 && $0.isFinite }
}
