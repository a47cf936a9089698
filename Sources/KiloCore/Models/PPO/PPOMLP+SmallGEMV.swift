/// The batch-1 forward pass of the actor (rollout action sampling, evaluation, trading), layer by
/// layer through `SmallGEMV` where `SmallGEMV.prefersSIMD` says it beats `sgemm`, else `Linear`.
///
/// Deterministic per path and, on the SIMD path, independent of the BLAS kernel; the logits differ
/// from the batched BLAS forward in the last bits.
extension PPOMLP {
    /// Runs `layers` on one `input` row, keeping each hidden layer's tanh output in `hidden[l]`
    /// and writing the last layer's linear output to `output`.
    /// - Complexity: O(Σ in·out), no allocation.
    static func forwardSingle(
        parameters: UnsafePointer<Float>, layers: [PPONetwork.Dense], input: UnsafePointer<Float>,
        hidden: [UnsafeMutablePointer<Float>], output: UnsafeMutablePointer<Float>
    ) {
        var current = input
        for (l, layer) in layers.enumerated() {
            let isLast = l == layers.count - 1
            let destination = isLast ? output : hidden[l]
            if SmallGEMV.prefersSIMD(inputSize: layer.inputSize, outputSize: layer.outputSize) {
                SmallGEMV.affine(
                    output: destination, input: current, weight: parameters + layer.weightOffset,
                    bias: parameters + layer.biasOffset, inputSize: layer.inputSize, outputSize: layer.outputSize)
            } else {
                Linear.forward(
                    output: destination, input: current, weight: parameters + layer.weightOffset,
                    bias: parameters + layer.biasOffset, batch: 1, inputSize: layer.inputSize,
                    outputSize: layer.outputSize)
            }
            if !isLast {
                Tanh.forward(output: destination, input: destination, count: layer.outputSize)
                current = UnsafePointer(destination)
            }
        }
    }
}

extension PPOWorkspace where T == Float {
    /// Runs only the actor on one observation (`forwardSingle`) into `logits`.
    func forwardActorSingle(network: PPONetwork, parameters: UnsafePointer<Float>, input: UnsafePointer<Float>) {
        PPOMLP.forwardSingle(
            parameters: parameters, layers: network.actor, input: input, hidden: actorHidden, output: logits)
    }
}
