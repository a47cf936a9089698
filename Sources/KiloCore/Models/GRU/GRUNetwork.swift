/// The whole GRU regressor's forward and backward passes over a workspace and a flat parameter
/// buffer laid out by `GRUArchitecture.layout`.
///
/// Forward: GRU layers (dropout between them in training) → last step → dropout → fc1 → ReLU →
/// fc2. Backward mirrors it op by op and accumulates into a gradient buffer of the same layout.
enum GRUNetwork {
    /// Runs the network on the `batch` windows already in `workspace.input` and returns a pointer
    /// to the `batch` outputs (valid until the next pass). With `training` and a positive
    /// `dropout`, masks are drawn from `generator`; otherwise dropout is the identity.
    /// - Complexity: O(L·T·B·3H·(D + H)).
    @discardableResult
    static func forward<T: NNScalar>(
        parameters: UnsafeMutablePointer<T>, workspace ws: GRUWorkspace<T>, batch: Int,
        training: Bool, dropout: Double, generator: inout SplitMix64
    ) -> UnsafePointer<T> {
        precondition(batch >= 1 && batch <= ws.batchCapacity, "GRUNetwork.forward: batch \(batch)")
        let arch = ws.architecture
        let h = arch.hiddenSize, steps = ws.steps, bh = batch * h
        let useDropout = training && dropout > 0
        ws.lastBatch = batch
        ws.lastUsedDropout = useDropout
        var layerInput = UnsafePointer(ws.input)
        for k in 0..<arch.layerCount {
            GRULayer.forward(
                weights: .init(parameters, offsets: ws.layerOffsets[k]), input: layerInput, states: ws.states[k],
                cache: ws.caches[k], projection: ws.projection, recurrent: ws.recurrent, steps: steps,
                batch: batch, inputSize: k == 0 ? arch.inputSize : h, hidden: h, smallKernels: ws.smallKernels)
            let outputs = ws.states[k] + bh
            if k < arch.layerCount - 1 {
                if useDropout {
                    Dropout.sampleMask(ws.layerMasks[k], count: steps * bh, probability: dropout, generator: &generator)
                    Dropout.forward(output: ws.droppedOutputs[k], input: outputs, mask: ws.layerMasks[k], count: steps * bh)
                    layerInput = UnsafePointer(ws.droppedOutputs[k])
                } else {
                    layerInput = UnsafePointer(outputs)
                }
            }
        }
        let last = ws.states[arch.layerCount - 1] + steps * bh
        if useDropout {
            Dropout.sampleMask(ws.headMask, count: bh, probability: dropout, generator: &generator)
            Dropout.forward(output: ws.headInput, input: last, mask: ws.headMask, count: bh)
        } else {
            ws.headInput.update(from: last, count: bh)
        }
        let fc1 = ws.fc1Weight, fc1b = ws.fc1Bias, fc2 = ws.fc2Weight, fc2b = ws.fc2Bias
        let small = ws.smallKernels && batch == 1 && SmallGEMV.prefersSIMD(inputSize: h, outputSize: arch.headSize)
        if small {
            SmallGEMV.affine(
                output: GRULayer.mutableFloat(ws.fc1Output), input: GRULayer.float(UnsafePointer(ws.headInput)),
                weight: GRULayer.float(UnsafePointer(parameters + fc1)), bias: GRULayer.float(UnsafePointer(parameters + fc1b)),
                inputSize: h, outputSize: arch.headSize)
        } else {
            Linear.forward(
                output: ws.fc1Output, input: ws.headInput, weight: parameters + fc1, bias: parameters + fc1b,
                batch: batch, inputSize: h, outputSize: arch.headSize)
        }
        ReLU.forward(output: ws.reluOutput, input: ws.fc1Output, count: batch * arch.headSize)
        if small {
            SmallGEMV.affine(
                output: GRULayer.mutableFloat(ws.output), input: GRULayer.float(UnsafePointer(ws.reluOutput)),
                weight: GRULayer.float(UnsafePointer(parameters + fc2)), bias: GRULayer.float(UnsafePointer(parameters + fc2b)),
                inputSize: arch.headSize, outputSize: 1)
        } else {
            Linear.forward(
                output: ws.output, input: ws.reluOutput, weight: parameters + fc2, bias: parameters + fc2b,
                batch: batch, inputSize: arch.headSize, outputSize: 1)
        }
        return UnsafePointer(ws.output)
    }

    /// Backpropagates `workspace.outputGradient` (∂L/∂output, `[B]`) through the last forward pass
    /// and accumulates ∂L/∂θ into `gradients` (same layout; the caller zeroes it per batch).
    /// - Complexity: O(L·T·B·3H·(D + H)).
    static func backward<T: NNScalar>(
        parameters: UnsafeMutablePointer<T>, gradients: UnsafeMutablePointer<T>, workspace ws: GRUWorkspace<T>
    ) {
        let arch = ws.architecture, batch = ws.lastBatch
        precondition(batch >= 1, "GRUNetwork.backward: no forward pass")
        let h = arch.hiddenSize, h2 = arch.headSize, steps = ws.steps, bh = batch * h
        let fc1 = ws.fc1Weight, fc1b = ws.fc1Bias, fc2 = ws.fc2Weight, fc2b = ws.fc2Bias
        Linear.backward(
            inputGradient: ws.reluGradient, weightGradient: gradients + fc2, biasGradient: gradients + fc2b,
            outputGradient: ws.outputGradient, input: ws.reluOutput, weight: parameters + fc2, batch: batch,
            inputSize: h2, outputSize: 1)
        ReLU.backward(
            inputGradient: ws.reluGradient, outputGradient: ws.reluGradient, output: ws.reluOutput,
            count: batch * h2)
        Linear.backward(
            inputGradient: ws.headInputGradient, weightGradient: gradients + fc1, biasGradient: gradients + fc1b,
            outputGradient: ws.reluGradient, input: ws.headInput, weight: parameters + fc1, batch: batch,
            inputSize: h, outputSize: h2)
        if ws.lastUsedDropout {
            Dropout.backward(
                inputGradient: ws.headInputGradient, outputGradient: ws.headInputGradient, mask: ws.headMask,
                count: bh)
        }
        var above = ws.sequenceGradientA, below = ws.sequenceGradientB
        above.update(repeating: 0, count: (steps - 1) * bh)
        (above + (steps - 1) * bh).update(from: ws.headInputGradient, count: bh)
        for k in stride(from: arch.layerCount - 1, through: 0, by: -1) {
            let input: UnsafePointer<T>
            if k == 0 {
                input = UnsafePointer(ws.input)
            } else {
                input = UnsafePointer(ws.lastUsedDropout ? ws.droppedOutputs[k - 1] : ws.states[k - 1] + bh)
            }
            GRULayer.backward(
                weights: .init(parameters, offsets: ws.layerOffsets[k]), gradients: .init(gradients, offsets: ws.layerOffsets[k]),
                input: input, states: ws.states[k], cache: ws.caches[k], outputGradient: above,
                inputGradient: k > 0 ? below : nil, giGradient: ws.projection, ghGradient: ws.ghGradient,
                carry: ws.carry, steps: steps, batch: batch, inputSize: k == 0 ? arch.inputSize : h, hidden: h)
            if k > 0 {
                if ws.lastUsedDropout {
                    Dropout.backward(
                        inputGradient: below, outputGradient: below, mask: ws.layerMasks[k - 1], count: steps * bh)
                }
                swap(&above, &below)
            }
        }
    }
}
