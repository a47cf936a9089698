/// The actor-critic of CleanRL's `ppo.py`: two separate tanh MLPs on the flattened observation,
/// `actor` ending in one logit per action and `critic` in one value, with their parameters in
/// one flat buffer named like the PyTorch module (`actor.0.weight`, `actor.0.bias`, `actor.2.weight`,
/// …, `critic.4.bias` for two hidden layers).
///
/// Orthogonal initialisation as CleanRL's `layer_init`: gain √2 on hidden layers, 0.01 on the
/// policy head, 1 on the value head, biases 0.
public struct PPONetwork: Sendable, Equatable {
    /// One dense layer of an MLP, located in the flat buffer.
    public struct Dense: Sendable, Equatable {
        public let inputSize: Int
        public let outputSize: Int
        public let weightOffset: Int
        public let biasOffset: Int
    }

    /// Observation scalars in.
    public let inputSize: Int
    /// Hidden widths (tanh after each).
    public let hiddenSizes: [Int]
    /// Discrete actions (logits out).
    public let actionCount: Int
    /// The parameter layout (actor tensors, then critic tensors).
    public let layout: ParameterLayout
    /// The actor's layers in order.
    public let actor: [Dense]
    /// The critic's layers in order.
    public let critic: [Dense]

    /// The architecture for `inputSize` inputs, `hiddenSizes` tanh layers and `actionCount` logits.
    public init(inputSize: Int, hiddenSizes: [Int], actionCount: Int) {
        precondition(inputSize > 0 && actionCount > 1 && !hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 },
                     "PPONetwork.init: input \(inputSize), hidden \(hiddenSizes), actions \(actionCount)")
        self.inputSize = inputSize
        self.hiddenSizes = hiddenSizes
        self.actionCount = actionCount
        var layout = ParameterLayout()
        func build(_ name: String, outputs: Int) -> [Dense] {
            let widths = [inputSize] + hiddenSizes + [outputs]
            return (0..<(widths.count - 1)).map { l in
                let w = layout.append(name: "\(name).\(2 * l).weight", shape: [widths[l + 1], widths[l]])
                let b = layout.append(name: "\(name).\(2 * l).bias", shape: [widths[l + 1]])
                return Dense(inputSize: widths[l], outputSize: widths[l + 1], weightOffset: w.offset, biasOffset: b.offset)
            }
        }
        actor = build("actor", outputs: actionCount)
        critic = build("critic", outputs: 1)
        self.layout = layout
    }

    /// Freshly initialised parameters (orthogonal weights, zero biases), drawn from `generator`
    /// layer by layer, actor first.
    public func initialParameters(generator: inout SplitMix64) -> [Float] {
        var parameters = [Float](repeating: 0, count: layout.count)
        for (layers, headGain) in [(actor, 0.01), (critic, 1.0)] {
            for (l, layer) in layers.enumerated() {
                let gain = l == layers.count - 1 ? headGain : 2.0.squareRoot()
                let weights = OrthogonalInitialization.matrix(
                    rows: layer.outputSize, columns: layer.inputSize, gain: gain, generator: &generator)
                parameters.replaceSubrange(layer.weightOffset..<(layer.weightOffset + weights.count), with: weights)
            }
        }
        return parameters
    }

    /// The widest layer output (for workspace sizing).
    var maxWidth: Int { max(actionCount, hiddenSizes.max() ?? 1) }
}

/// Forward and backward of one tanh MLP on a batch, generic over the scalar so the Double
/// gradient checks run the very code that trains in Float.
enum PPOMLP {
    /// Runs `layers` on `input[batch, in]`, keeping each hidden layer's tanh output in
    /// `hidden[l]` (`[batch, width_l]`) and writing the last layer's linear output to `output`.
    /// - Complexity: O(batch · Σ in·out).
    @inline(__always)
    static func forward<T: NNScalar>(
        parameters: UnsafePointer<T>, layers: [PPONetwork.Dense], input: UnsafePointer<T>, batch: Int,
        hidden: [UnsafeMutablePointer<T>], output: UnsafeMutablePointer<T>
    ) {
        var current = input
        for (l, layer) in layers.enumerated() {
            let isLast = l == layers.count - 1
            let destination = isLast ? output : hidden[l]
            Linear.forward(
                output: destination, input: current, weight: parameters + layer.weightOffset,
                bias: parameters + layer.biasOffset, batch: batch, inputSize: layer.inputSize,
                outputSize: layer.outputSize)
            if !isLast {
                Tanh.forward(output: destination, input: destination, count: batch * layer.outputSize)
                current = UnsafePointer(destination)
            }
        }
    }

    /// Accumulates the parameter gradients of `layers` for `outputGradient[batch, out]`, given the
    /// forward pass's `hidden` activations; `scratch[l]` (`[batch, width_l]`) receives the
    /// gradient of hidden layer `l`. The input gradient is not formed.
    /// - Complexity: O(batch · Σ in·out).
    @inline(__always)
    static func backward<T: NNScalar>(
        parameters: UnsafePointer<T>, gradients: UnsafeMutablePointer<T>, layers: [PPONetwork.Dense],
        input: UnsafePointer<T>, batch: Int, hidden: [UnsafeMutablePointer<T>],
        scratch: [UnsafeMutablePointer<T>], outputGradient: UnsafePointer<T>
    ) {
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l]
            let layerInput = l == 0 ? input : UnsafePointer(hidden[l - 1])
            let upstream = l == layers.count - 1 ? outputGradient : UnsafePointer(scratch[l])
            Linear.backward(
                inputGradient: l > 0 ? scratch[l - 1] : nil, weightGradient: gradients + layer.weightOffset,
                biasGradient: gradients + layer.biasOffset, outputGradient: upstream, input: layerInput,
                weight: parameters + layer.weightOffset, batch: batch, inputSize: layer.inputSize,
                outputSize: layer.outputSize)
            if l > 0 {
                Tanh.backward(
                    inputGradient: scratch[l - 1], outputGradient: scratch[l - 1], output: hidden[l - 1],
                    count: batch * layer.inputSize)
            }
        }
    }
}

/// Activation buffers for one network at up to `capacity` rows.
final class PPOWorkspace<T: NNScalar> {
    let capacity: Int
    let actorHidden: [UnsafeMutablePointer<T>]
    let criticHidden: [UnsafeMutablePointer<T>]
    let actorScratch: [UnsafeMutablePointer<T>]
    let criticScratch: [UnsafeMutablePointer<T>]
    let logits: UnsafeMutablePointer<T>
    let values: UnsafeMutablePointer<T>
    let logitGradient: UnsafeMutablePointer<T>
    let valueGradient: UnsafeMutablePointer<T>
    private var all: [UnsafeMutablePointer<T>] = []

    init(network: PPONetwork, capacity: Int) {
        self.capacity = capacity
        var all: [UnsafeMutablePointer<T>] = []
        func make(_ count: Int) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
            p.initialize(repeating: 0, count: max(1, count))
            all.append(p)
            return p
        }
        actorHidden = network.hiddenSizes.map { make($0 * capacity) }
        criticHidden = network.hiddenSizes.map { make($0 * capacity) }
        actorScratch = network.hiddenSizes.map { make($0 * capacity) }
        criticScratch = network.hiddenSizes.map { make($0 * capacity) }
        logits = make(network.actionCount * capacity)
        values = make(capacity)
        logitGradient = make(network.actionCount * capacity)
        valueGradient = make(capacity)
        self.all = all
    }

    deinit { for p in all { p.deallocate() } }

    /// Runs both networks on `input[batch, inputSize]` into `logits` and `values`.
    func forward(network: PPONetwork, parameters: UnsafePointer<T>, input: UnsafePointer<T>, batch: Int) {
        precondition(batch <= capacity, "PPOWorkspace.forward: batch \(batch) > capacity \(capacity)")
        PPOMLP.forward(parameters: parameters, layers: network.actor, input: input, batch: batch, hidden: actorHidden, output: logits)
        PPOMLP.forward(parameters: parameters, layers: network.critic, input: input, batch: batch, hidden: criticHidden, output: values)
    }

    /// Runs only the actor.
    func forwardActor(network: PPONetwork, parameters: UnsafePointer<T>, input: UnsafePointer<T>, batch: Int) {
        precondition(batch <= capacity, "PPOWorkspace.forwardActor: batch \(batch) > capacity \(capacity)")
        PPOMLP.forward(parameters: parameters, layers: network.actor, input: input, batch: batch, hidden: actorHidden, output: logits)
    }

    /// Runs only the critic.
    func forwardCritic(network: PPONetwork, parameters: UnsafePointer<T>, input: UnsafePointer<T>, batch: Int) {
        precondition(batch <= capacity, "PPOWorkspace.forwardCritic: batch \(batch) > capacity \(capacity)")
        PPOMLP.forward(parameters: parameters, layers: network.critic, input: input, batch: batch, hidden: criticHidden, output: values)
    }

    /// Accumulates both networks' gradients from `logitGradient` and `valueGradient` (after `forward`).
    func backward(network: PPONetwork, parameters: UnsafePointer<T>, gradients: UnsafeMutablePointer<T>, input: UnsafePointer<T>, batch: Int) {
        PPOMLP.backward(
            parameters: parameters, gradients: gradients, layers: network.actor, input: input, batch: batch,
            hidden: actorHidden, scratch: actorScratch, outputGradient: logitGradient)
        PPOMLP.backward(
            parameters: parameters, gradients: gradients, layers: network.critic, input: input, batch: batch,
            hidden: criticHidden, scratch: criticScratch, outputGradient: valueGradient)
    }
}
