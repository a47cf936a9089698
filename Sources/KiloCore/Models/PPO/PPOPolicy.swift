/// A trained actor-critic frozen for use: parameters, architecture and observation statistics.
///
/// `greedyAction` is the deterministic (argmax) policy used by evaluation and the trader.
public struct PPOPolicy: Sendable, Equatable {
    /// The architecture.
    public let network: PPONetwork
    /// The flat parameters in `network.layout`.
    public let parameters: [Float]
    /// Frozen observation statistics, or nil when observations are used raw.
    public let normalizer: PPOObservationNormalizer?

    public init(network: PPONetwork, parameters: [Float], normalizer: PPOObservationNormalizer?) {
        precondition(parameters.count == network.layout.count, "PPOPolicy.init: \(parameters.count) parameters, \(network.layout.count) expected")
        precondition(normalizer.map { $0.size == network.inputSize } ?? true, "PPOPolicy.init: normaliser size differs from the input size")
        self.network = network
        self.parameters = parameters
        self.normalizer = normalizer
    }

    /// The logits of the raw (unnormalised) flat `observation`.
    /// - Complexity: O(Σ in·out) of the actor.
    public func logits(rawObservation observation: [Float]) -> [Float] {
        let workspace = PPOWorkspace<Float>(network: network, capacity: 1)
        return logits(rawObservation: observation, workspace: workspace)
    }

    /// The argmax action for the raw flat `observation` (ties go to the lowest action, as `torch.argmax`).
    public func greedyAction(rawObservation observation: [Float]) -> Int {
        Self.argmax(logits(rawObservation: observation))
    }

    func logits(rawObservation observation: [Float], workspace: PPOWorkspace<Float>) -> [Float] {
        precondition(observation.count == network.inputSize, "PPOPolicy.logits: \(observation.count) values, \(network.inputSize) expected")
        var input = observation
        if let normalizer {
            observation.withUnsafeBufferPointer { raw in
                input.withUnsafeMutableBufferPointer { normalizer.normalize(raw, into: $0) }
            }
        }
        parameters.withUnsafeBufferPointer { p in
            input.withUnsafeBufferPointer { i in
                workspace.forwardActorSingle(network: network, parameters: p.checkedBase, input: i.checkedBase)
            }
        }
        return Array(UnsafeBufferPointer(start: workspace.logits, count: network.actionCount))
    }

    static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for j in 1..<values.count where values[j] > values[best] { best = j }
        return best
    }
}
