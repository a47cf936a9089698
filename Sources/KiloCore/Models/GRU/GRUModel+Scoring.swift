extension GRUModel {
    /// The raw network output (standardised scale, before `destandardized`) for every row of
    /// `features` that ends a full window of `sequenceLength` rows.
    ///
    /// `features` is row-major `[rows, columnCount]`, rows in file order, columns already in
    /// `featureNames` order and used as given (no scaling). Element `i` of the result belongs to row
    /// `i + sequenceLength − 1`; fewer rows than one window give an empty result. A window holding a
    /// non-finite value gives a non-finite output for that window only.
    /// - Complexity: O(rows · L · 3H · (D + H)), batches of up to `batchSize` windows.
    public func rawPredictions(
        features: [Float], columnCount: Int, batchSize: Int = 256
    ) throws(GRUError) -> [Float] {
        guard columnCount == architecture.inputSize else {
            throw .featureCountMismatch(expected: architecture.inputSize, actual: columnCount)
        }
        precondition(features.count % columnCount == 0, "GRUModel.rawPredictions: ragged matrix")
        precondition(batchSize >= 1, "GRUModel.rawPredictions: batchSize \(batchSize)")
        let rows = features.count / columnCount
        let windows = rows - sequenceLength + 1
        guard windows > 0 else { return [] }
        let workspace = GRUWorkspace<Float>(
            architecture: architecture, steps: sequenceLength, batchCapacity: min(batchSize, windows))
        var parameters = self.parameters
        var result = [Float](repeating: 0, count: windows)
        var generator = SplitMix64(seed: 0)
        features.withUnsafeBufferPointer { matrix in
            guard let base = matrix.baseAddress else { return }
            parameters.withUnsafeMutableBufferPointer { p in
                guard let pointer = p.baseAddress else { return }
                var start = 0
                while start < windows {
                    let count = min(workspace.batchCapacity, windows - start)
                    let ends = (start..<(start + count)).lazy.map { $0 + self.sequenceLength - 1 }
                    workspace.gatherWindows(features: base, windowEnds: ends)
                    let output = GRUNetwork.forward(
                        parameters: pointer, workspace: workspace, batch: count, training: false, dropout: 0,
                        generator: &generator)
                    for i in 0..<count { result[start + i] = output[i] }
                    start += count
                }
            }
        }
        return result
    }
}
