/// Trains the GRU regressor: MSE on the standardised target, Adam (PyTorch L2 weight decay),
/// global-norm clipping, shuffled mini-batches of training windows, early stopping on the
/// validation loss with a restore of the best weights (a copy of the flat buffer), and optional
/// ReduceLROnPlateau.
public enum GRUTrainer {
    /// Trains a model on `data` with `config` and returns the best-validation weights.
    ///
    /// Leaves the process-wide OpenBLAS thread count alone (`config.threads` is applied by the
    /// scheduler, `TrainingJob.runAll`). Polls
    /// `cancellation` before every batch; on cancellation it keeps the best weights so far and says
    /// so in the result. Calls `progress` after every epoch; never prints.
    /// - Complexity: O(epochs · windows · L · T · 3H · (D + H)).
    public static func train(
        config: GRUConfig, data: GRUTrainingData, cancellation: CancellationToken = .never,
        progress: (GRUEpochReport) -> Void = { _ in }
    ) throws(GRUError) -> GRUTrainingResult {
        try train(config: config, data: data, cancellation: cancellation, progress: progress, epochObserver: nil)
    }

    /// The same, with a hook that sees the live parameters after each epoch (tests use it to check
    /// that the restored weights are a copy of the best epoch's).
    static func train(
        config: GRUConfig, data: GRUTrainingData, cancellation: CancellationToken,
        progress: (GRUEpochReport) -> Void, epochObserver: ((Int, [Float]) -> Void)?
    ) throws(GRUError) -> GRUTrainingResult {
        do {
            try config.validate(prefix: "models.gru")
        } catch {
            throw .invalidTrainingData(reason: error.description)
        }
        try validate(data, sequenceLength: config.sequenceLength)
        let clock = ContinuousClock()
        let started = clock.now

        let architecture = GRUArchitecture(
            inputSize: data.columnCount, hiddenSize: config.hiddenSize, layerCount: config.numLayers)
        let seed = UInt64(config.seed)
        let (mean, std) = targetStatistics(data)
        let standardized = data.targets.map { Float((Double($0) - mean) / std) }
        var parameters: [Float] = architecture.initialParameters(seed: seed)
        var gradients = [Float](repeating: 0, count: parameters.count)
        var adam = Adam(
            parameterCount: parameters.count, learningRate: config.learningRate, beta1: config.adamBeta1,
            beta2: config.adamBeta2, epsilon: config.adamEpsilon, weightDecay: config.weightDecay)
        var plateau =
            config.reduceLROnPlateau
            ? ReduceLROnPlateau(
                factor: config.lrPlateauFactor, patience: config.lrPlateauPatience,
                minimumLearningRate: config.minLearningRate) : nil
        var shuffler = SplitMix64(seed: seed).split(stream: 1)
        var dropoutGenerator = SplitMix64(seed: seed).split(stream: 2)
        let workspace = GRUWorkspace<Float>(
            architecture: architecture, steps: config.sequenceLength,
            batchCapacity: min(config.batchSize, max(data.trainingWindowEnds.count, data.validationWindowEnds.count)))
        let batchTargets = UnsafeMutablePointer<Float>.allocate(capacity: workspace.batchCapacity)
        defer { batchTargets.deallocate() }

        var order = data.trainingWindowEnds
        var best = parameters
        var bestLoss = Double.infinity
        var bestEpoch = 0
        var reports: [GRUEpochReport] = []
        var stopReason = GRUStopReason.completed
        var trainingSeconds = 0.0

        epochs: for epoch in 1...config.epochs {
            let epochStart = clock.now
            shuffle(&order, generator: &shuffler)
            var lossSum = 0.0
            var seen = 0
            for start in stride(from: 0, to: order.count, by: workspace.batchCapacity) {
                if cancellation.isCancelled {
                    stopReason = .cancelled
                    break epochs
                }
                let ends = order[start..<min(start + workspace.batchCapacity, order.count)]
                let loss = trainBatch(
                    windowEnds: ends, data: data, standardizedTargets: standardized, workspace: workspace,
                    batchTargets: batchTargets, parameters: &parameters, gradients: &gradients,
                    adam: &adam, gradClip: config.gradClip, dropout: config.dropout,
                    generator: &dropoutGenerator)
                lossSum += loss * Double(ends.count)
                seen += ends.count
            }
            let learningRate = adam.learningRate
            let validationLoss = evaluate(
                windowEnds: data.validationWindowEnds, data: data, standardizedTargets: standardized,
                workspace: workspace, batchTargets: batchTargets, parameters: &parameters)
            if validationLoss < bestLoss {
                bestLoss = validationLoss
                bestEpoch = epoch
                best = parameters  // a value copy: later updates to `parameters` never reach `best`
            }
            epochObserver?(epoch, parameters)
            if var scheduler = plateau {
                adam.learningRate = scheduler.step(loss: validationLoss, learningRate: adam.learningRate)
                plateau = scheduler
            }
            let epochSeconds = (clock.now - epochStart).seconds
            trainingSeconds += epochSeconds
            let elapsed = (clock.now - started).seconds
            let report = GRUEpochReport(
                epoch: epoch, epochCount: config.epochs, trainingLoss: seen > 0 ? lossSum / Double(seen) : .nan,
                validationLoss: validationLoss, bestValidationLoss: bestLoss, bestEpoch: bestEpoch,
                learningRate: learningRate, elapsedSeconds: elapsed,
                samplesPerSecond: epochSeconds > 0 ? Double(seen) / epochSeconds : 0,
                estimatedRemainingSeconds: elapsed / Double(epoch) * Double(config.epochs - epoch))
            reports.append(report)
            progress(report)
            if epoch - bestEpoch >= config.patience {
                stopReason = .earlyStopped
                break
            }
        }
        if bestEpoch == 0 {
            bestLoss = evaluate(
                windowEnds: data.validationWindowEnds, data: data, standardizedTargets: standardized,
                workspace: workspace, batchTargets: batchTargets, parameters: &parameters)
            best = parameters
        }
        let model = GRUModel(
            architecture: architecture, sequenceLength: config.sequenceLength, parameters: best,
            featureNames: data.featureNames, featureSpecHash: data.featureSpecHash, targetMean: mean,
            targetStd: std, seed: seed, config: config)
        return GRUTrainingResult(
            model: model, stopReason: stopReason, bestEpoch: bestEpoch, bestValidationLoss: bestLoss,
            epochs: reports)
    }

    /// One forward/backward/clip/Adam step on the windows ending at `windowEnds`; returns the loss.
    static func trainBatch(
        windowEnds: ArraySlice<Int>, data: GRUTrainingData, standardizedTargets: [Float],
        workspace: GRUWorkspace<Float>, batchTargets: UnsafeMutablePointer<Float>,
        parameters: inout [Float], gradients: inout [Float], adam: inout Adam, gradClip: Double,
        dropout: Double, generator: inout SplitMix64
    ) -> Double {
        let batch = windowEnds.count
        data.features.withUnsafeBufferPointer { f in
            if let base = f.baseAddress { workspace.gatherWindows(features: base, windowEnds: windowEnds) }
        }
        for (i, end) in windowEnds.enumerated() { batchTargets[i] = standardizedTargets[end] }
        var loss: Float = 0
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                guard let pp = p.baseAddress, let gp = g.baseAddress else { return }
                let output = GRUNetwork.forward(
                    parameters: pp, workspace: workspace, batch: batch, training: true, dropout: dropout,
                    generator: &generator)
                loss = MSELoss.forward(prediction: output, target: batchTargets, count: batch)
                MSELoss.backward(
                    predictionGradient: workspace.outputGradient, prediction: output, target: batchTargets,
                    count: batch)
                gp.update(repeating: 0, count: g.count)
                GRUNetwork.backward(parameters: pp, gradients: gp, workspace: workspace)
            }
        }
        GradientClipping.clipGlobalNorm(&gradients, maxNorm: gradClip)
        adam.step(parameters: &parameters, gradients: gradients)
        return Double(loss)
    }

    /// The evaluation-mode MSE over the windows ending at `windowEnds`.
    static func evaluate(
        windowEnds: [Int], data: GRUTrainingData, standardizedTargets: [Float], workspace: GRUWorkspace<Float>,
        batchTargets: UnsafeMutablePointer<Float>, parameters: inout [Float]
    ) -> Double {
        var sum = 0.0
        var generator = SplitMix64(seed: 0)
        for start in stride(from: 0, to: windowEnds.count, by: workspace.batchCapacity) {
            let ends = windowEnds[start..<min(start + workspace.batchCapacity, windowEnds.count)]
            data.features.withUnsafeBufferPointer { f in
                if let base = f.baseAddress { workspace.gatherWindows(features: base, windowEnds: ends) }
            }
            for (i, end) in ends.enumerated() { batchTargets[i] = standardizedTargets[end] }
            parameters.withUnsafeMutableBufferPointer { p in
                guard let pp = p.baseAddress else { return }
                let output = GRUNetwork.forward(
                    parameters: pp, workspace: workspace, batch: ends.count, training: false, dropout: 0,
                    generator: &generator)
                sum += Double(MSELoss.forward(prediction: output, target: batchTargets, count: ends.count)) * Double(ends.count)
            }
        }
        return sum / Double(windowEnds.count)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
