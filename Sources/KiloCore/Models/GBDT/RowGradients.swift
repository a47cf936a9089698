/// The gradient and hessian of every training row, refilled each boosting round: allocated once
/// per fit, and read by the tree learner through pointers that stay put.
final class RowGradients {
    /// Rows.
    let count: Int
    /// Gradient of each row at the current scores.
    let gradients: UnsafeMutablePointer<Double>
    /// Hessian of each row (1 for the constant-hessian objectives).
    let hessians: UnsafeMutablePointer<Double>

    /// Zeroed buffers for `count` rows.
    init(count: Int) {
        self.count = count
        gradients = .allocate(capacity: max(count, 1))
        gradients.initialize(repeating: 0, count: max(count, 1))
        hessians = .allocate(capacity: max(count, 1))
        hessians.initialize(repeating: 0, count: max(count, 1))
    }

    deinit {
        gradients.deallocate()
        hessians.deallocate()
    }

    /// Fills both from `objective` at `scores` against `labels` (each `count` long). From 65,536
    /// rows on, `threads` cores take one contiguous slice each; the work is element-wise, so every
    /// thread count gives the same bits.
    /// - Complexity: O(count).
    func fill(objective: Objective, scores: [Double], labels: [Double], threads: Int) {
        precondition(
            scores.count == count && labels.count == count,
            "RowGradients.fill: \(scores.count) scores, \(labels.count) labels for \(count) rows")
        let n = count
        let parts = n >= 65_536 ? max(1, threads) : 1
        let g = SharedPointer(gradients), h = SharedPointer(hessians)
        parallelFor(parts, threads: parts) { k in
            let from = n * k / parts
            scores.withUnsafeBufferPointer { s in
                labels.withUnsafeBufferPointer { y in
                    guard let sb = s.baseAddress, let yb = y.baseAddress else { return }
                    objective.gradients(
                        scores: sb + from, labels: yb + from, count: n * (k + 1) / parts - from,
                        gradients: g.base + from, hessians: h.base + from)
                }
            }
        }
    }
}
