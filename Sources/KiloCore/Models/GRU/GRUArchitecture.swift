/// The shape of a GRU regressor: stacked `nn.GRU(inputSize, hiddenSize, layerCount)`, then
/// `fc1 = Linear(H, H/2)`, ReLU, `fc2 = Linear(H/2, 1)`.
public struct GRUArchitecture: Sendable, Equatable, Codable {
    /// Features per time step.
    public let inputSize: Int
    /// Hidden units per GRU layer.
    public let hiddenSize: Int
    /// Stacked GRU layers.
    public let layerCount: Int

    /// An architecture; `hiddenSize` must be at least 2 so the head has a unit.
    public init(inputSize: Int, hiddenSize: Int, layerCount: Int) {
        precondition(inputSize >= 1, "GRUArchitecture.init: inputSize \(inputSize)")
        precondition(hiddenSize >= 2, "GRUArchitecture.init: hiddenSize \(hiddenSize)")
        precondition(layerCount >= 1, "GRUArchitecture.init: layerCount \(layerCount)")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
    }

    /// Units of the head's hidden layer (`hidden_size // 2`, as the original).
    public var headSize: Int { hiddenSize / 2 }

    /// The PyTorch `state_dict` layout, in `state_dict` order: per layer `gru.weight_ih_l{k}` `[3H, D]`,
    /// `gru.weight_hh_l{k}` `[3H, H]`, `gru.bias_ih_l{k}` `[3H]`, `gru.bias_hh_l{k}` `[3H]`, then
    /// `fc1.weight` `[H/2, H]`, `fc1.bias`, `fc2.weight` `[1, H/2]`, `fc2.bias` `[1]`.
    public var layout: ParameterLayout {
        var layout = ParameterLayout()
        let h = hiddenSize
        for k in 0..<layerCount {
            layout.append(name: "gru.weight_ih_l\(k)", shape: [3 * h, k == 0 ? inputSize : h])
            layout.append(name: "gru.weight_hh_l\(k)", shape: [3 * h, h])
            layout.append(name: "gru.bias_ih_l\(k)", shape: [3 * h])
            layout.append(name: "gru.bias_hh_l\(k)", shape: [3 * h])
        }
        layout.append(name: "fc1.weight", shape: [headSize, h])
        layout.append(name: "fc1.bias", shape: [headSize])
        layout.append(name: "fc2.weight", shape: [1, headSize])
        layout.append(name: "fc2.bias", shape: [1])
        return layout
    }

    /// PyTorch's default initialisation drawn from `SplitMix64(seed:)`: every GRU tensor
    /// U(−1/√H, 1/√H); each Linear's weight and bias U(−1/√fan_in, 1/√fan_in) (the bound that
    /// `kaiming_uniform_(a=√5)` gives). Tensors are filled in layout order.
    /// - Complexity: O(parameter count).
    public func initialParameters<T: NNScalar>(seed: UInt64, as: T.Type = T.self) -> [T] {
        var generator = SplitMix64(seed: seed)
        let layout = self.layout
        var parameters = [T](repeating: 0, count: layout.count)
        for entry in layout.entries {
            let fanIn: Int
            if entry.name.hasPrefix("gru.") {
                fanIn = hiddenSize
            } else if entry.name.hasPrefix("fc1.") {
                fanIn = hiddenSize
            } else {
                fanIn = headSize
            }
            let bound = 1 / Double(fanIn).squareRoot()
            for i in entry.range { parameters[i] = T((2 * generator.nextUnit() - 1) * bound) }
        }
        return parameters
    }
}
