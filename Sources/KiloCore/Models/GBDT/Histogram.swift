/// Per-bin sums of gradients, hessians and row counts for every feature of one leaf, in one
/// contiguous 64-byte aligned buffer: feature `j` occupies `binCount(j)` entries from `offset(j)`,
/// features back to back (a feature with 2 bins takes 2 entries, not the widest feature's room).
/// An entry is `[sumGradient, count]` (`entry` 2) when every hessian is 1 (L2 and Huber), where
/// the hessian sum is the count itself, else `[sumGradient, count, sumHessian, 0]` (`entry` 4):
/// the layout the row-wise kernel accumulates into, so a leaf's histogram is built in place.
final class Histogram: @unchecked Sendable {
    /// Doubles per bin: 2 when the hessian sum is the count, else 4.
    let entry: Int
    let offsets: [Int]
    let binCounts: [Int]
    let storage: UnsafeMutablePointer<Double>
    let size: Int

    /// A zeroed histogram laid out for features with `binCounts` bins; `unitHessian` when every
    /// row's hessian is exactly 1 (then no hessian is stored: it equals the count, bit for bit,
    /// through every sum and subtraction, since counts are exact integers).
    init(binCounts: [Int], unitHessian: Bool = false) {
        self.binCounts = binCounts
        let entry = unitHessian ? 2 : 4
        self.entry = entry
        let firstBins = Self.firstBins(binCounts)
        offsets = firstBins.dropLast().map { $0 * entry }
        size = max(1, (firstBins.last ?? 0) * entry)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size * 8, alignment: 64)
        storage = raw.initializeMemory(as: Double.self, repeating: 0, count: size)
    }

    /// Each feature's first bin in the back-to-back layout, then the total: the running sums of
    /// `binCounts` from 0.
    /// - Complexity: O(features).
    static func firstBins(_ binCounts: [Int]) -> [Int] {
        var first = [0]
        for count in binCounts { first.append((first.last ?? 0) + count) }
        return first
    }

    deinit { UnsafeMutableRawPointer(storage).deallocate() }

    /// The entries of feature `j`.
    @inline(__always)
    func feature(_ j: Int) -> UnsafeMutablePointer<Double> { storage + offsets[j] }

    /// Sum of gradients in bin `b` of feature `j`.
    func sumGradient(feature j: Int, bin b: Int) -> Double { feature(j)[entry * b] }
    /// Where a bin's hessian sum sits within its `entry` doubles: the count itself (1) when `entry`
    /// is 2, else after it (2).
    @inline(__always)
    static func hessianOffset(entry: Int) -> Int { entry == 2 ? 1 : 2 }

    /// Sum of hessians in bin `b` of feature `j`.
    func sumHessian(feature j: Int, bin b: Int) -> Double { feature(j)[entry * b + Self.hessianOffset(entry: entry)] }
    /// Rows in bin `b` of feature `j`.
    func count(feature j: Int, bin b: Int) -> Double { feature(j)[entry * b + 1] }

    /// `self = self - other` for the listed features: the parent's histogram becomes the larger
    /// child's once the smaller child's was built.
    /// - Complexity: O(bins of the listed features).
    func subtract(_ other: Histogram, features: [Int]) {
        for j in features {
            let a = feature(j)
            let b = other.feature(j)
            for k in 0..<(binCounts[j] * entry) { a[k] -= b[k] }
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
        precondition(
            histogram.entry == 4 || (grad.hessians == nil && grad.constantHessian == 1),
            "HistogramBuilder.build: a histogram without hessians needs every hessian to be 1")
        let groups = stride(from: 0, to: features.count, by: 4).map { Array(features[$0..<min($0 + 4, features.count)]) }
        let shared = SharedGradients(grad: grad, rows: rows)
        let work = count * features.count
        parallelFor(groups.count, threads: work < 65_536 ? 1 : threads) { g in
            let group = groups[g]
            for j in group {
                histogram.feature(j).initialize(repeating: 0, count: histogram.binCounts[j] * histogram.entry)
            }
            if group.count == 4 {
                accumulate4(histogram: histogram, dataset: dataset, group: group, shared: shared, count: count)
            } else {
                for j in group {
                    accumulate1(histogram: histogram, dataset: dataset, j: j, shared: shared, count: count)
                }
            }
            if shared.grad.hessians == nil && histogram.entry == 4 {
                let h = shared.grad.constantHessian
                for j in group {
                    let e = histogram.feature(j)
                    for b in 0..<histogram.binCounts[j] { e[4 * b + 2] = e[4 * b + 1] * h }
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
        let s = histogram.entry
        let g = shared.grad.gradients
        if let hs = shared.grad.hessians {
            if let rows = shared.rows {
                for i in 0..<count {
                    let b = s &* Int(col[Int(rows[i])])
                    e[b] += g[i]; e[b &+ 2] += hs[i]; e[b &+ 1] += 1
                }
            } else {
                for i in 0..<count {
                    let b = s &* Int(col[i])
                    e[b] += g[i]; e[b &+ 2] += hs[i]; e[b &+ 1] += 1
                }
            }
        } else {
            if let rows = shared.rows {
                for i in 0..<count {
                    let b = s &* Int(col[Int(rows[i])])
                    e[b] += g[i]; e[b &+ 1] += 1
                }
            } else {
                for i in 0..<count {
                    let b = s &* Int(col[i])
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
        let s = histogram.entry
        let g = shared.grad.gradients
        if let hs = shared.grad.hessians {
            for i in 0..<count {
                let r = shared.rows.map { Int($0[i]) } ?? i
                let gi = g[i], hi = hs[i]
                let b0 = s &* Int(c0[r]), b1 = s &* Int(c1[r]), b2 = s &* Int(c2[r]), b3 = s &* Int(c3[r])
                e0[b0] += gi; e0[b0 &+ 2] += hi; e0[b0 &+ 1] += 1
                e1[b1] += gi; e1[b1 &+ 2] += hi; e1[b1 &+ 1] += 1
                e2[b2] += gi; e2[b2 &+ 2] += hi; e2[b2 &+ 1] += 1
                e3[b3] += gi; e3[b3 &+ 2] += hi; e3[b3 &+ 1] += 1
            }
        } else {
            /// Adds gradient slot `i` and a count to the four bins of dataset row `r`.
            @inline(__always) func add(row r: Int, slot i: Int) {
                let gi = g[i]
                let b0 = s &* Int(c0[r]), b1 = s &* Int(c1[r]), b2 = s &* Int(c2[r]), b3 = s &* Int(c3[r])
                e0[b0] += gi; e0[b0 &+ 1] += 1
                e1[b1] += gi; e1[b1 &+ 1] += 1
                e2[b2] += gi; e2[b2 &+ 1] += 1
                e3[b3] += gi; e3[b3 &+ 1] += 1
            }
            // Two loops, so the one over all rows carries no row-index load.
            if let rows = shared.rows {
                for i in 0..<count { add(row: Int(rows[i]), slot: i) }
            } else {
                for i in 0..<count { add(row: i, slot: i) }
            }
        }
    }
}
