/// Batch-1 inference on the newest window for the trader: the workspace and a private copy of the
/// parameters are allocated once, so `predictRaw` allocates nothing. Its matrix–vector products run
/// through `SmallGEMV` where that beats BLAS (outputs differ from the batched pass in the last bits).
///
/// A predictor is a mutable scratch object: use one per thread.
public final class GRUPredictor {
    /// The model the predictor runs.
    public let model: GRUModel
    private let workspace: GRUWorkspace<Float>
    private let parameters: UnsafeMutablePointer<Float>
    private var generator = SplitMix64(seed: 0)

    /// Prepares the workspace for `model`.
    public init(model: GRUModel) {
        self.model = model
        workspace = GRUWorkspace(architecture: model.architecture, steps: model.sequenceLength, batchCapacity: 1, smallKernels: true)
        parameters = .allocate(capacity: model.parameters.count)
        parameters.initialize(from: model.parameters, count: model.parameters.count)
    }

    deinit { parameters.deallocate() }

    /// The raw network output for the window of `sequenceLength` rows ending at row `endRow` of the
    /// row-major `[rows, inputSize]` matrix `features`.
    /// - Complexity: O(L · T · 3H · (D + H)); no allocation.
    public func predictRaw(features: UnsafeBufferPointer<Float>, endingAt endRow: Int) -> Float {
        let d = model.architecture.inputSize, steps = model.sequenceLength
        precondition(
            endRow >= steps - 1 && (endRow + 1) * d <= features.count,
            "GRUPredictor.predictRaw: endRow \(endRow) outside a matrix of \(features.count / d) rows")
        guard let base = features.baseAddress else { return .nan }
        workspace.gatherWindows(features: base, windowEnds: CollectionOfOne(endRow))
        return GRUNetwork.forward(
            parameters: parameters, workspace: workspace, batch: 1, training: false, dropout: 0,
            generator: &generator)[0]
    }

    /// The raw output for the newest window, the last `sequenceLength` rows of `features`.
    public func predictRaw(latestOf features: [Float]) -> Float {
        features.withUnsafeBufferPointer { predictRaw(features: $0, endingAt: $0.count / model.architecture.inputSize - 1) }
    }

    /// The prediction in the target's units (`raw · targetStd + targetMean`) for the newest window.
    public func predict(latestOf features: [Float]) -> Double { model.destandardized(predictRaw(latestOf: features)) }
}
