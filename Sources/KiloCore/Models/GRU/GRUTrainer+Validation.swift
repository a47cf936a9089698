extension GRUTrainer {
    /// Checks shapes, window indices and that every used window and target is finite.
    /// - Complexity: O(rows · columns + windows).
    static func validate(_ data: GRUTrainingData, sequenceLength: Int) throws(GRUError) {
        let columns = data.columnCount
        guard columns >= 1, data.features.count % columns == 0 else {
            throw .invalidTrainingData(reason: "feature matrix of \(data.features.count) values is not a multiple of \(columns) columns")
        }
        let rows = data.features.count / columns
        guard data.targets.count == rows else {
            throw .invalidTrainingData(reason: "\(data.targets.count) targets for \(rows) rows")
        }
        guard data.featureNames.count == columns else {
            throw .invalidTrainingData(reason: "\(data.featureNames.count) feature names for \(columns) columns")
        }
        guard !data.trainingWindowEnds.isEmpty else { throw .invalidTrainingData(reason: "no training windows") }
        guard !data.validationWindowEnds.isEmpty else { throw .invalidTrainingData(reason: "no validation windows") }
        // badBefore[r] = number of rows < r holding a non-finite feature.
        var badBefore = [Int](repeating: 0, count: rows + 1)
        var firstBadColumn = [Int](repeating: -1, count: rows)
        data.features.withUnsafeBufferPointer { f in
            for r in 0..<rows {
                var bad = -1
                for c in 0..<columns where !f[r * columns + c].isFinite {
                    bad = c
                    break
                }
                firstBadColumn[r] = bad
                badBefore[r + 1] = badBefore[r] + (bad >= 0 ? 1 : 0)
            }
        }
        for end in data.trainingWindowEnds + data.validationWindowEnds {
            guard end >= sequenceLength - 1, end < rows else {
                throw .invalidTrainingData(
                    reason: "window end row \(end) is outside \(sequenceLength - 1)..<\(rows) (sequence_length \(sequenceLength))")
            }
            let first = end - sequenceLength + 1
            if badBefore[end + 1] != badBefore[first] {
                let row = (first...end).first { firstBadColumn[$0] >= 0 } ?? first
                throw .nonFiniteInput(row: row, column: firstBadColumn[row])
            }
            guard data.targets[end].isFinite else { throw .nonFiniteInput(row: end, column: nil) }
        }
    }

    /// Mean and population standard deviation of the training-window targets (std 1 if constant).
    static func targetStatistics(_ data: GRUTrainingData) -> (mean: Double, std: Double) {
        let values = data.trainingWindowEnds.map { Double(data.targets[$0]) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        let std = variance.squareRoot()
        return (mean, std > 1e-12 ? std : 1)
    }

    /// Fisher–Yates shuffle driven by `generator`.
    static func shuffle(_ values: inout [Int], generator: inout SplitMix64) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            values.swapAt(i, j)
        }
    }
}
