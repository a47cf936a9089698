/// The checks a GRU file passes before it becomes a model: sizes that fit the file, finite
/// parameters, and weights small enough that the network cannot overflow `Float`.
extension GRUModel {
    /// Inputs up to this magnitude are guaranteed a finite output by a loaded model (scaled
    /// features are a few units; a larger raw input may still overflow and is caught when scoring).
    public static let inputMagnitudeBound: Double = 1e6

    /// The longest `sequence_length` a file may declare (the `models.gru` setting's range).
    public static let maxSequenceLength = 10_000

    /// The number of parameters of an architecture, or nil when it overflows `Int`.
    /// - Complexity: O(1), whatever `layerCount` is.
    static func checkedParameterCount(inputSize d: Int, hiddenSize h: Int, layerCount l: Int) -> Int? {
        guard l >= 1, let gates = CheckedSize.product([3, h]), let inputWeights = CheckedSize.product([gates, d]),
            let hiddenWeights = CheckedSize.product([gates, h]), let biases = CheckedSize.product([2, gates]),
            let first = CheckedSize.sum([inputWeights, hiddenWeights, biases]),
            let other = CheckedSize.sum([hiddenWeights, hiddenWeights, biases]),
            let others = CheckedSize.product([l - 1, other]), let fc1 = CheckedSize.product([h / 2, h]),
            let head = CheckedSize.sum([fc1, h / 2, h / 2, 1])
        else { return nil }
        return CheckedSize.sum([first, others, head])
    }

    /// Throws unless every parameter is finite, naming the first tensor that holds NaN or ±inf.
    static func checkFinite(_ parameters: [Float], layout: ParameterLayout, path: String) throws(GRUError) {
        for entry in layout.entries {
            if let bad = entry.range.first(where: { !parameters[$0].isFinite }) {
                throw .invalidModelFile(
                    path: path,
                    reason: "tensor '\(entry.name)' holds \(parameters[bad]) at element \(bad - entry.offset); weights must be finite")
            }
        }
    }

    /// Throws unless no gate pre-activation and no output can overflow `Float` for inputs up to
    /// `inputMagnitudeBound` (hidden states are always in [−1, 1]), and the de-standardised output
    /// stays finite. Names the tensor whose row is too large.
    /// - Complexity: O(parameters).
    static func checkMagnitudes(
        _ parameters: [Float], architecture: GRUArchitecture, targetMean: Double, targetStd: Double, path: String
    ) throws(GRUError) {
        let layout = architecture.layout
        let limit = Double(Float.greatestFiniteMagnitude)
        let h = architecture.hiddenSize
        func rowSum(_ name: String, row: Int, scale: Double) -> Double {
            let entry = layout[name]
            let width = entry.shape.count == 2 ? entry.shape[1] : 1
            let start = entry.offset + row * width
            var sum = 0.0
            for i in start..<(start + width) { sum += abs(Double(parameters[i])) }
            return sum * scale
        }
        func tooLarge(_ name: String, _ what: String) -> GRUError {
            .invalidModelFile(
                path: path, reason: "tensor '\(name)' is too large: \(what) could overflow Float")
        }
        for k in 0..<architecture.layerCount {
            let inputBound = k == 0 ? inputMagnitudeBound : 1
            for row in 0..<(3 * h) {
                let bound = rowSum("gru.weight_ih_l\(k)", row: row, scale: inputBound)
                    + rowSum("gru.bias_ih_l\(k)", row: row, scale: 1) + rowSum("gru.weight_hh_l\(k)", row: row, scale: 1)
                    + rowSum("gru.bias_hh_l\(k)", row: row, scale: 1)
                guard bound <= limit else {
                    throw tooLarge("gru.weight_ih_l\(k)", "gate \(row) with inputs up to \(inputMagnitudeBound)")
                }
            }
        }
        var output = rowSum("fc2.bias", row: 0, scale: 1)
        for unit in 0..<architecture.headSize {
            let hidden = rowSum("fc1.weight", row: unit, scale: 1) + rowSum("fc1.bias", row: unit, scale: 1)
            guard hidden <= limit else { throw tooLarge("fc1.weight", "head unit \(unit)") }
            output += abs(Double(parameters[layout["fc2.weight"].offset + unit])) * hidden
        }
        guard output <= limit else { throw tooLarge("fc2.weight", "the output") }
        guard (output * targetStd + abs(targetMean)).isFinite else {
            throw .invalidModelFile(
                path: path, reason: "metadata 'target_std' \(targetStd) and 'target_mean' \(targetMean) make predictions overflow")
        }
    }
}
