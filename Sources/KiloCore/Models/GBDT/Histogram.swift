/// Per-bin sums of gradients, hessians and row counts for every feature of one leaf, in one
/// contiguous buffer: feature `j` occupies `binCount(j)` entries from `offset(j)`, each entry
/// three doubles `[sumGradient, count, sumHessian]`.
final class Histogram: @unchecked Sendable {
    static let stride = 3
    let offsets: [Int]
    let binCounts: [Int]
    let storage: UnsafeMutablePointer<Double>
    let size: Int

    /// Doubles between consecutive features (every feature gets the widest feature's room, so
    /// the row-wise kernel steps through features by a constant).
    let featureStride: Int

    /// A zeroed histogram laid out for features with `binCounts` bins.
    init(binCounts: [Int]) {
        self.binCounts = binCounts
        featureStride = (binCounts.max() ?? 0) * Self.stride
        offsets = binCounts.indices.map { $0 * (binCounts.max() ?? 0) * Self.stride }
        let total = binCounts.count * featureStride
        size = max(1, total)
        storage = UnsafeMutablePointer<Double>.allocate(capacity: size)
        storage.initialize(repeating: 0, count: size)
    }

    deinit { storage.deallocate() }

    /// The entries of feature `j`.
    @inline(__always)
    func feature(_ j: Int) -> UnsafeMutablePointer<Double> { storage + offsets[j] }

    /// Sum of gradients in bin `b` of feature `j`.
    func sumGradient(feature j: Int, bin b: Int) -> Double { feature(j)[3 * b] }
    /// Sum of hessians in bin `b` of feature `j`.
    func sumHessian(feature j: Int, bin b: Int) -> Double { feature(j)[3 * b + 2] }
    /// Rows in bin `b` of feature `j`.
    func count(feature j: Int, bin b: Int) -> Double { feature(j)[3 * b + 1] }

    /// `self = self - other` for the listed features: the parent's histogram becomes the larger
    /// child's once the smaller child's was built.
    /// - Complexity: O(bins of the listed features).
    func subtract(_ other: Histogram, features: [Int]) {
        for j in features {
            let a = feature(j)
            let b = other.feature(j)
            for k in 0..<(binCounts[j] * Self.stride) { a[k] -= b[k] }
        }
    }

    /// Copies the listed features of `other` into `self`.
    func copy(from other: Histogram, features: [Int]) {
        for j in features {
            feature(j).update(from: other.feature(j), count: binCounts[j] * Self.stride)
        }
    }
}

/// Fills histograms from binned columns and per-row gradients (LightGBM `ConstructHistograms`).
enum HistogramBuilder {
    /// Gradients of one leaf's rows, in the partition's row order ("ordered gradients").
    struct Gradients {
        /// Gradient of the i-th row of the leaf (of row `rows[i]` itself when `byRow`).
        let gradients: UnsafePointer<Double>
        /// Hessian of the i-th row, or `nil` when every hessian is `constantHessian`.
        let hessians: UnsafePointer<Double>?
        let constantHessian: Double
        /// `gradients` is indexed by dataset row, not by position in the leaf (row-wise
        /// constant-hessian construction gathers them itself).
        var byRow = false
    }

    /// Builds `histogram` for `features` over `count` rows: row `i` is `rows[i]` (or `i` when
    /// `rows` is nil) and its gradient is `grad.gradients[i]`. Work is spread over feature
    /// groups of four on up to `threads` cores.
    /// - Complexity: O(count x features).
    static func build(
        into histogram: Histogram, dataset: BinnedDataset, features: [Int],
        rows: UnsafePointer<Int32>?, count: Int, grad: Gradients, threads: Int
    ) {
        precondition(!grad.byRow, "HistogramBuilder.build: column-wise construction needs ordered gradients")
        let groups = stride(from: 0, to: features.count, by: 4).map { Array(features[$0..<min($0 + 4, features.count)]) }
        let shared = SharedGradients(grad: grad, rows: rows)
        let work = count * features.count
        parallelFor(groups.count, threads: work < 65_536 ? 1 : threads) { g in
            let group = groups[g]
            for j in group {
                histogram.feature(j).initialize(repeating: 0, count: histogram.binCounts[j] * Histogram.stride)
            }
            if group.count == 4 {
                accumulate4(histogram: histogram, dataset: dataset, group: group, shared: shared, count: count)
            } else {
                for j in group {
                    accumulate1(histogram: histogram, dataset: dataset, j: j, shared: shared, count: count)
                }
            }
            if shared.grad.hessians == nil {
                let h = shared.grad.constantHessian
                for j in group {
                    let e = histogram.feature(j)
                    for b in 0..<histogram.binCounts[j] { e[3 * b + 2] = e[3 * b + 1] * h }
                }
            }
        }
    }

    struct SharedGradients: @unchecked Sendable {
        let grad: Gradients
        let rows: UnsafePointer<Int32>?
    }

    private static func accumulate1(
        histogram: Histogram, dataset: BinnedDataset, j: Int, shared: SharedGradients, count: Int
    ) {
        let col = dataset.column(j)
        let e = histogram.feature(j)
        let g = shared.grad.gradients
        if let hs = shared.grad.hessians {
            if let rows = shared.rows {
                for i in 0..<count {
                    let b = 3 &* Int(col[Int(rows[i])])
                    e[b] += g[i]; e[b &+ 2] += hs[i]; e[b &+ 1] += 1
                }
            } else {
                for i in 0..<count {
                    let b = 3 &* Int(col[i])
                    e[b] += g[i]; e[b &+ 2] += hs[i]; e[b &+ 1] += 1
                }
            }
        } else {
            if let rows = shared.rows {
                for i in 0..<count {
                    let b = 3 &* Int(col[Int(rows[i])])
                    e[b] += g[i]; e[b &+ 1] += 1
                }
            } else {
                for i in 0..<count {
                    let b = 3 &* Int(col[i])
                    e[b] += g[i]; e[b &+ 1] += 1
                }
            }
        }
    }

    private static func accumulate4(
        histogram: Histogram, dataset: BinnedDataset, group: [Int], shared: SharedGradients, count: Int
    ) {
        let c0 = dataset.column(group[0]), c1 = dataset.column(group[1])
        let c2 = dataset.column(group[2]), c3 = dataset.column(group[3])
        let e0 = histogram.feature(group[0]), e1 = histogram.feature(group[1])
        let e2 = histogram.feature(group[2]), e3 = histogram.feature(group[3])
        let g = shared.grad.gradients
        if let hs = shared.grad.hessians {
            for i in 0..<count {
                let r = shared.rows.map { Int($0[i]) } ?? i
                let gi = g[i], hi = hs[i]
                let b0 = 3 &* Int(c0[r]), b1 = 3 &* Int(c1[r]), b2 = 3 &* Int(c2[r]), b3 = 3 &* Int(c3[r])
                e0[b0] += gi; e0[b0 &+ 2] += hi; e0[b0 &+ 1] += 1
                e1[b1] += gi; e1[b1 &+ 2] += hi; e1[b1 &+ 1] += 1
                e2[b2] += gi; e2[b2 &+ 2] += hi; e2[b2 &+ 1] += 1
                e3[b3] += gi; e3[b3 &+ 2] += hi; e3[b3 &+ 1] += 1
            }
        } else if let rows = shared.rows {
            for i in 0..<count {
                let r = Int(rows[i])
                let gi = g[i]
                let b0 = 3 &* Int(c0[r]), b1 = 3 &* Int(c1[r]), b2 = 3 &* Int(c2[r]), b3 = 3 &* Int(c3[r])
                e0[b0] += gi; e0[b0 &+ 1] += 1
                e1[b1] += gi; e1[b1 &+ 1] += 1
                e2[b2] += gi; e2[b2 &+ 1] += 1
                e3[b3] += gi; e3[b3 &+ 1] += 1
            }
        } else {
            for i in 0..<count {
                let gi = g[i]
                let b0 = 3 &* Int(c0[i]), b1 = 3 &* Int(c1[i]), b2 = 3 &* Int(c2[i]), b3 = 3 &* Int(c3[i])
                e0[b0] += gi; e0[b0 &+ 1] += 1
                e1[b1] += gi; e1[b1 &+ 1] += 1
                e2[b2] += gi; e2[b2 &+ 1] += 1
                e3[b3] += gi; e3[b3 &+ 1] += 1
            }
        }
    }
}
