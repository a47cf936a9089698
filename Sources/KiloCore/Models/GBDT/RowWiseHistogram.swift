/// Per-worker buffers for row-wise histogram construction, allocated once per tree learner (no
/// allocation per leaf). Each worker accumulates into its own compact histogram whose entries are
/// 16-byte aligned: `[sumGradient, count]` (2 doubles) when every hessian is the same constant,
/// `[sumGradient, count, sumHessian, 0]` (4 doubles) otherwise, so the gradient and the count are
/// added by one aligned 16-byte load/add/store that never straddles a cache line. Every feature
/// gets the widest feature's room, so the kernel steps through features by a constant.
final class RowWiseScratch: @unchecked Sendable {
    /// Rows gathered per chunk before accumulation.
    static let chunk = 256
    let featureCount: Int
    let maxBins: Int
    /// One accumulation buffer per worker, room for `featureCount * maxBins * 4` doubles.
    let buffers: [UnsafeMutablePointer<Double>]
    /// Per worker: `chunk` gathered rows of bins (plus 16 bytes of slack), their gradients and hessians.
    let rowBuffers: [UnsafeMutablePointer<UInt8>]
    let gradientBuffers: [UnsafeMutablePointer<Double>]
    let hessianBuffers: [UnsafeMutablePointer<Double>]

    var workers: Int { buffers.count }

    init(binCounts: [Int], workers: Int) {
        featureCount = binCounts.count
        maxBins = binCounts.max() ?? 0
        let doubles = max(1, featureCount * maxBins * 4)
        let count = max(1, workers)
        buffers = (0..<count).map { _ in
            let raw = UnsafeMutableRawPointer.allocate(byteCount: doubles * 8, alignment: 64)
            return raw.initializeMemory(as: Double.self, repeating: 0, count: doubles)
        }
        let rowBytes = Self.chunk * max(1, featureCount) + 16
        rowBuffers = (0..<count).map { _ in
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: rowBytes)
            p.initialize(repeating: 0, count: rowBytes)
            return p
        }
        gradientBuffers = (0..<count).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: Self.chunk) }
        hessianBuffers = (0..<count).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: Self.chunk) }
    }

    deinit {
        for b in buffers { UnsafeMutableRawPointer(b).deallocate() }
        for b in rowBuffers { b.deallocate() }
        for b in gradientBuffers { b.deallocate() }
        for b in hessianBuffers { b.deallocate() }
    }
}

extension HistogramBuilder {
    /// Row-wise construction (LightGBM `MultiValBin` histograms): each worker takes a block of
    /// rows and adds every feature of each row into its own compact histogram (`scratch`); the
    /// workers' sums are then added in worker order into `histogram`. Per bin, each worker adds its
    /// rows in leaf order starting from zero, so the sums do not depend on the buffer layout.
    /// - Complexity: O(count x all features + workers x bins).
    static func buildRowWise(
        into histogram: Histogram, scratch: RowWiseScratch, dataset: BinnedDataset, features: [Int],
        rows: UnsafePointer<Int32>?, count: Int, grad: Gradients, threads: Int
    ) {
        precondition(
            scratch.featureCount == dataset.featureCount && scratch.maxBins * Histogram.stride == histogram.featureStride,
            "HistogramBuilder.buildRowWise: scratch laid out for other features")
        let workers = count * dataset.featureCount < 200_000 ? 1 : min(threads, scratch.workers)
        let shared = SharedGradients(grad: grad, rows: rows)
        let entry = grad.hessians == nil ? 2 : 4
        parallelFor(workers, threads: workers) { w in
            scratch.buffers[w].update(repeating: 0, count: scratch.featureCount * scratch.maxBins * entry)
            accumulateRows(
                scratch: scratch, worker: w, dataset: dataset, shared: shared, from: count * w / workers,
                to: count * (w + 1) / workers)
        }
        let featureStride = scratch.maxBins * entry
        for j in features {
            let e = histogram.feature(j)
            let offset = j * featureStride
            if grad.hessians != nil {
                for b in 0..<histogram.binCounts[j] {
                    let k = offset + 4 * b
                    var g = scratch.buffers[0][k]
                    var c = scratch.buffers[0][k + 1]
                    var h = scratch.buffers[0][k + 2]
                    for w in 1..<max(1, workers) {
                        g += scratch.buffers[w][k]
                        c += scratch.buffers[w][k + 1]
                        h += scratch.buffers[w][k + 2]
                    }
                    e[3 * b] = g
                    e[3 * b + 1] = c
                    e[3 * b + 2] = h
                }
            } else {
                let constant = grad.constantHessian
                for b in 0..<histogram.binCounts[j] {
                    let k = offset + 2 * b
                    var g = scratch.buffers[0][k]
                    var c = scratch.buffers[0][k + 1]
                    for w in 1..<max(1, workers) {
                        g += scratch.buffers[w][k]
                        c += scratch.buffers[w][k + 1]
                    }
                    e[3 * b] = g
                    e[3 * b + 1] = c
                    e[3 * b + 2] = c * constant
                }
            }
        }
    }

    /// One worker's share of `buildRowWise`: leaf positions `from..<to`.
    ///
    /// With a row list, rows are first gathered into a small contiguous buffer (bins, gradient,
    /// hessian): that copy loop is short, so many cache misses are in flight at once, and the
    /// accumulation loop then reads only cached bytes. Rows are copied in 16-byte pieces (the
    /// buffers have 16 bytes of slack; a piece running into the next row is overwritten when that
    /// row is copied).
    private static func accumulateRows(
        scratch: RowWiseScratch, worker: Int, dataset: BinnedDataset, shared: SharedGradients, from start: Int,
        to end: Int
    ) {
        let f = dataset.featureCount
        let maxBins = scratch.maxBins
        let base = scratch.buffers[worker]
        let g = shared.grad.gradients
        let hs = shared.grad.hessians
        let bins = dataset.rowBins
        @inline(__always)
        func addRow(_ rb: UnsafePointer<UInt8>, _ gi: Double) {
            let fs = maxBins &* 2
            var e0 = base
            for j in 0..<f {
                addGradientAndCount(e0 + 2 &* Int(rb[j]), gi)
                e0 += fs
            }
        }
        @inline(__always)
        func addRow(_ rb: UnsafePointer<UInt8>, _ gi: Double, _ hi: Double) {
            let fs = maxBins &* 4
            var e0 = base
            for j in 0..<f {
                let e = e0 + 4 &* Int(rb[j])
                addGradientAndCount(e, gi)
                e[2] += hi
                e0 += fs
            }
        }
        guard let rows = shared.rows else {
            if let hs {
                for i in start..<end { addRow(bins + i &* f, g[i], hs[i]) }
            } else {
                for i in start..<end { addRow(bins + i &* f, g[i]) }
            }
            return
        }
        let chunk = RowWiseScratch.chunk
        let buffer = scratch.rowBuffers[worker]
        let gradientBuffer = scratch.gradientBuffers[worker]
        let hessianBuffer = scratch.hessianBuffers[worker]
        let byRow = shared.grad.byRow
        let pieces = (f + 15) >> 4
        var i0 = start
        while i0 < end {
            let m = min(chunk, end - i0)
            for k in 0..<m {
                let row = Int(rows[i0 &+ k])
                let position = byRow ? row : i0 &+ k
                gradientBuffer[k] = g[position]
                if let hs { hessianBuffer[k] = hs[position] }
                let src = UnsafeRawPointer(bins + row &* f)
                let dst = UnsafeMutableRawPointer(buffer + k &* f)
                for w in 0..<pieces {
                    dst.storeBytes(
                        of: src.loadUnaligned(fromByteOffset: w &* 16, as: SIMD16<UInt8>.self),
                        toByteOffset: w &* 16, as: SIMD16<UInt8>.self)
                }
            }
            if hs != nil {
                for k in 0..<m { addRow(buffer + k &* f, gradientBuffer[k], hessianBuffer[k]) }
            } else {
                for k in 0..<m { addRow(buffer + k &* f, gradientBuffer[k]) }
            }
            i0 += m
        }
    }

    /// `e[0] += g; e[1] += 1` as one 16-byte load, add and store (`e` is 16-byte aligned).
    @inline(__always)
    static func addGradientAndCount(_ e: UnsafeMutablePointer<Double>, _ g: Double) {
        let raw = UnsafeMutableRawPointer(e)
        let v = raw.load(as: SIMD2<Double>.self) + SIMD2<Double>(g, 1)
        raw.storeBytes(of: v, as: SIMD2<Double>.self)
    }
}
