/// The checks a PPO file passes before it becomes an agent: sizes that fit the file, finite
/// parameters and observation statistics, and actor weights small enough that its logits
/// cannot overflow `Float`.
extension PPOAgent {
    /// The number of parameters of the actor and critic for `inputSize` inputs, or nil when it
    /// overflows `Int`.
    static func checkedParameterCount(inputSize: Int, hiddenSizes: [Int], actionCount: Int) -> Int? {
        var terms: [Int] = []
        for outputs in [actionCount, 1] {
            let widths = [inputSize] + hiddenSizes + [outputs]
            for l in 0..<(widths.count - 1) {
                guard let weights = CheckedSize.product([widths[l + 1], widths[l]]) else { return nil }
                terms += [weights, widths[l + 1]]
            }
        }
        return CheckedSize.sum(terms)
    }

    /// Throws unless every parameter and statistic is finite (variances non-negative, the count
    /// positive), naming the first tensor that is not.
    static func checkFinite(
        _ parameters: [Float], layout: ParameterLayout, normalizer: PPOObservationNormalizer?, path: String
    ) throws(PPOError) {
        for entry in layout.entries {
            if let bad = entry.range.first(where: { !parameters[$0].isFinite }) {
                throw .invalidFile(
                    path: path,
                    reason: "tensor '\(entry.name)' holds \(parameters[bad]) at element \(bad - entry.offset); weights must be finite")
            }
        }
        guard let normalizer else { return }
        if let bad = normalizer.mean.firstIndex(where: { !$0.isFinite }) {
            throw .invalidFile(path: path, reason: "tensor 'obs_rms.mean' holds \(normalizer.mean[bad]) at element \(bad); it must be finite")
        }
        if let bad = normalizer.variance.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw .invalidFile(
                path: path, reason: "tensor 'obs_rms.var' holds \(normalizer.variance[bad]) at element \(bad); it must be finite and non-negative")
        }
        guard normalizer.count.isFinite && normalizer.count > 0 else {
            throw .invalidFile(path: path, reason: "tensor 'obs_rms.count' holds \(normalizer.count); it must be finite and positive")
        }
    }

    /// Throws unless no actor pre-activation can overflow `Float` for observations up to
    /// `GRUModel.inputMagnitudeBound` (normalised observations are clipped to ±10; hidden
    /// activations are tanh, in [−1, 1]). Names the tensor whose row is too large.
    static func checkMagnitudes(_ parameters: [Float], network: PPONetwork, normalized: Bool, path: String) throws(PPOError) {
        let limit = Double(Float.greatestFiniteMagnitude)
        for (l, layer) in network.actor.enumerated() {
            let inputBound = l > 0 ? 1 : (normalized ? PPOObservationNormalizer.clip : GRUModel.inputMagnitudeBound)
            for row in 0..<layer.outputSize {
                let start = layer.weightOffset + row * layer.inputSize
                var bound = abs(Double(parameters[layer.biasOffset + row]))
                for i in start..<(start + layer.inputSize) { bound += abs(Double(parameters[i])) * inputBound }
                guard bound <= limit else {
                    throw .invalidFile(
                        path: path, reason: "tensor 'actor.\(2 * l).weight' is too large: row \(row) could overflow Float")
                }
            }
        }
    }
}
