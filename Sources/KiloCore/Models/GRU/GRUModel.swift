/// A trained (or loaded) GRU regressor: architecture, flat Float parameters in the PyTorch
/// `state_dict` layout, and everything needed to use it on new data.
///
/// The network predicts the **standardised** target; `targetMean`/`targetStd` turn a raw output
/// back into the target's units (`raw · std + mean`).
public struct GRUModel: Sendable, Equatable {
    /// Input width, hidden size and layer count.
    public let architecture: GRUArchitecture
    /// Rows per input window.
    public let sequenceLength: Int
    /// All parameters, laid out by `architecture.layout`.
    public internal(set) var parameters: [Float]
    /// The feature columns, in model input order.
    public let featureNames: [String]
    /// The hash of the feature specification the model was trained with.
    public let featureSpecHash: String
    /// The training-target mean used for standardisation.
    public let targetMean: Double
    /// The training-target standard deviation used for standardisation.
    public let targetStd: Double
    /// The seed of initialisation, shuffling and dropout.
    public let seed: UInt64
    /// The settings the model was trained with.
    public let config: GRUConfig

    /// A model from its parts; `parameters` must match the architecture's layout.
    public init(
        architecture: GRUArchitecture, sequenceLength: Int, parameters: [Float], featureNames: [String],
        featureSpecHash: String, targetMean: Double, targetStd: Double, seed: UInt64, config: GRUConfig
    ) {
        precondition(
            parameters.count == architecture.layout.count,
            "GRUModel.init: \(parameters.count) parameters, layout needs \(architecture.layout.count)")
        precondition(
            featureNames.count == architecture.inputSize,
            "GRUModel.init: \(featureNames.count) feature names for input size \(architecture.inputSize)")
        precondition(sequenceLength >= 1, "GRUModel.init: sequenceLength \(sequenceLength)")
        self.architecture = architecture
        self.sequenceLength = sequenceLength
        self.parameters = parameters
        self.featureNames = featureNames
        self.featureSpecHash = featureSpecHash
        self.targetMean = targetMean
        self.targetStd = targetStd
        self.seed = seed
        self.config = config
    }

    /// The layout table of `parameters`.
    public var layout: ParameterLayout { architecture.layout }

    /// The values of the tensor named `name` (a `state_dict` key), or nil.
    public func tensor(named name: String) -> [Float]? {
        layout.entry(named: name).map { Array(parameters[$0.range]) }
    }

    /// A raw network output converted to the target's units.
    public func destandardized(_ raw: Float) -> Double { Double(raw) * targetStd + targetMean }
}
