import CPrefetch

/// Per-worker buffers for row-wise histogram construction, allocated once per tree learner (no
/// allocation per leaf). Each worker accumulates into its own compact histogram whose entries are
/// 16-byte aligned: `[sumGradient, count]` (2 doubles) when every hessian is the same constant,
/// `[sumGradient, count, sumHessian, 0]` (4 doubles) otherwise, so the gradient and the count are
/// added by one aligned 16-byte load/add/store that never straddles a cache line. Features lie
/// back to back, as in `Histogram`: feature `j`'s bins start at bin `firstBins[j]`.
final class RowWiseScratch: @unchecked Sendable {
    /// Rows gathered per chunk before accumulation.
    static let chunk = 256
    /// Features added per pass over a chunk with per-row hessians (the constant-hessian kernel
    /// takes four at a time).
    static let featureBlock = 4
    /// Rows ahead of the gather whose bins (and gradient) are prefetched.
    static let prefetchDistance = 64
    let featureCount: Int
    let binCounts: [Int]
    /// Feature `j`'s first bin, then the total bin count (`featureCount + 1` values).
    let firstBins: UnsafeMutablePointer<Int>
    var totalBins: Int { firstBins[featureCount] }
    /// One accumulation buffer per worker, room for `totalBins * 4` doubles.
    let buffers: [UnsafeMutablePointer<Double>]
    /// Per worker: `chunk` gathered rows of bins (plus 16 bytes of slack), their gradients and hessians.
    let rowBuffers: [UnsafeMutablePointer<UInt8>]
    let gradientBuffers: [UnsafeMutablePointer<Double>]
    let hessianBuffers: [UnsafeMutablePointer<Double>]

    var workers: Int { buffers.count }

    init(binCounts: [Int], workers: Int) {
        featureCount = binCounts.count
        self.binCounts = binCounts
        let first = Histogram.firstBins(binCounts)
        firstBins = .allocate(capacity: first.count)
        firstBins.initialize(from: first, count: first.count)
        let doubles = max(1, (first.last ?? 0) * 4)
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
        firstBins.deallocate()
        for b in buffers { UnsafeMutableRawPointer(b).deallocate() }
        for b in rowBuffers { b.deallocate() }
        for b in gradientBuffers { b.deallocate() }
        for b in hessianBuffers { b.deallocate() }
    }
}

extension HistogramBuilder {
    /// Row-wise construction (LightGBM `MultiValBin` histograms): each worker takes a block of
    /// rows and adds every feature of each row into its own compact histogram (`scratch`, or
    /// `histogram` itself for the first worker when the layouts agree); the workers' sums are
    /// then added in worker order into `histogram`. Per bin, each worker adds its
    /// rows in leaf order starting from zero, so the sums do not depend on the buffer layout.
    /// - Complexity: O(count x all features + workers x bins).
    static func buildRowWise(
        into histogram: Histogram, scratch: RowWiseScratch, dataset: BinnedDataset, features: [Int],
        rows: UnsafePointer<Int32>?, count: Int, grad: Gradients, threads: Int
    ) {
        let entry = grad.hessians == nil ? 2 : 4
        precondition(
            histogram.entry == 4 || (grad.hessians == nil && grad.constantHessian == 1),
            "HistogramBuilder.buildRowWise: a histogram without hessians needs every hessian to be 1")
        precondition(
            scratch.featureCount == dataset.featureCount && scratch.binCounts == histogram.binCounts,
            "HistogramBuilder.buildRowWise: scratch laid out for other features")
        let workers = count * dataset.featureCount < 200_000 ? 1 : min(threads, scratch.workers)
        let shared = SharedGradients(grad: grad, rows: rows)
        // In place: the first worker accumulates straight into the histogram when its layout is the
        // kernel's (no hessians and every hessian 1, or per-row hessians); the others into their
        // buffers, added after it in worker order, as the buffers' sums would be.
        let inPlace = histogram.entry == entry && (entry == 4 || grad.constantHessian == 1)
        let target = SharedPointer(histogram.storage)
        parallelFor(workers, threads: workers) { w in
            let destination = w == 0 && inPlace ? target.base : scratch.buffers[w]
            destination.update(repeating: 0, count: scratch.totalBins * entry)
            accumulateRows(
                scratch: scratch, worker: w, destination: destination, dataset: dataset, shared: shared,
                from: count * w / workers, to: count * (w + 1) / workers)
        }
        if inPlace {
            for j in features {
                let e = histogram.feature(j)
                let offset = scratch.firstBins[j] * entry
                for w in 1..<max(1, workers) {
                    let buffer = scratch.buffers[w] + offset
                    for k in 0..<(histogram.binCounts[j] * entry) { e[k] += buffer[k] }
                }
            }
            return
        }
        for j in features {
            let e = histogram.feature(j)
            let out = histogram.entry
            let offset = scratch.firstBins[j] * entry
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
                    e[out * b] = g
                    e[out * b + 1] = c
                    e[out * b + 2] = h
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
                    e[out * b] = g
                    e[out * b + 1] = c
                    if out == 4 { e[out * b + 2] = c * constant }
                }
            }
        }
    }

    /// One worker's share of `buildRowWise`: leaf positions `from..<to`, in chunks of
    /// `RowWiseScratch.chunk` rows.
    ///
    /// With a row list, each chunk's rows are first gathered into a small contiguous buffer (bins,
    /// gradient, hessian): that copy loop is short, so many cache misses are in flight at once.
    /// Rows are copied in 16-byte pieces (the buffers have 16 bytes of slack; a piece running into
    /// the next row is overwritten when that row is copied). The chunk is then added feature block
    /// by feature block (`accumulateChunk`), so the histogram part being updated stays in L1.
    private static func accumulateRows(
        scratch: RowWiseScratch, worker: Int, destination: UnsafeMutablePointer<Double>, dataset: BinnedDataset,
        shared: SharedGradients, from start: Int, to end: Int
    ) {
        let f = dataset.featureCount
        let g = shared.grad.gradients
        let hs = shared.grad.hessians
        let bins = dataset.rowBins
        let chunk = RowWiseScratch.chunk
        guard let rows = shared.rows else {
            var i0 = start
            while i0 < end {
                let m = min(chunk, end - i0)
                accumulateChunk(
                    scratch: scratch, destination: destination, features: f, bins: bins + i0 &* f, gradients: g + i0,
                    hessians: hs.map { $0 + i0 }, count: m)
                i0 += m
            }
            return
        }
        let buffer = scratch.rowBuffers[worker]
        let gradientBuffer = scratch.gradientBuffers[worker]
        let hessianBuffer = scratch.hessianBuffers[worker]
        let byRow = shared.grad.byRow
        let pieces = (f + 15) >> 4
        let ahead = RowWiseScratch.prefetchDistance
        var i0 = start
        while i0 < end {
            let m = min(chunk, end - i0)
            for k in 0..<m {
                if i0 &+ k &+ ahead < end {
                    let next = Int(rows[i0 &+ k &+ ahead])
                    kilo_prefetch(bins + next &* f)
                    kilo_prefetch(bins + (next &* f &+ f &- 1))
                    if byRow { kilo_prefetch(g + next) }
                }
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
            accumulateChunk(
                scratch: scratch, destination: destination, features: f, bins: UnsafePointer(buffer),
                gradients: UnsafePointer(gradientBuffer), hessians: hs == nil ? nil : UnsafePointer(hessianBuffer),
                count: m)
            i0 += m
        }
    }

    /// Adds `count` rows (bins row-major, `features` bytes a row; their gradients and hessians) to
    /// `destination` (a worker's buffer, or the histogram itself), `featureBlock` features at a
    /// time: every row of the chunk for the first block, then for the next. Each bin still receives its rows in order, so the sums are
    /// the same bits as adding row by row.
    /// - Complexity: O(count x features).
    @inline(__always)
    private static func accumulateChunk(
        scratch: RowWiseScratch, destination base: UnsafeMutablePointer<Double>, features f: Int,
        bins: UnsafePointer<UInt8>, gradients g: UnsafePointer<Double>, hessians hs: UnsafePointer<Double>?, count m: Int
    ) {
        let block = RowWiseScratch.featureBlock
        let first = scratch.firstBins
        if let hs {
            var j0 = 0
            while j0 < f {
                let jn = min(block, f &- j0)
                for k in 0..<m {
                    let rb = bins + (k &* f &+ j0)
                    let gi = g[k]
                    let hi = hs[k]
                    for j in 0..<jn {
                        let entry = base + 4 &* (first[j0 &+ j] &+ Int(rb[j]))
                        addGradientAndCount(entry, gi)
                        entry[2] += hi
                    }
                }
                j0 &+= jn
            }
            return
        }
        var j0 = 0
        while j0 < f {
            let e0 = base + 2 &* first[j0]
            if f &- j0 >= 4 {
                let e1 = base + 2 &* first[j0 &+ 1]
                let e2 = base + 2 &* first[j0 &+ 2]
                let e3 = base + 2 &* first[j0 &+ 3]
                for k in 0..<m {
                    let rb = bins + (k &* f &+ j0)
                    let gi = g[k]
                    addGradientAndCount(e0 + 2 &* Int(rb[0]), gi)
                    addGradientAndCount(e1 + 2 &* Int(rb[1]), gi)
                    addGradientAndCount(e2 + 2 &* Int(rb[2]), gi)
                    addGradientAndCount(e3 + 2 &* Int(rb[3]), gi)
                }
                j0 &+= 4
            } else {
                for k in 0..<m {
                    addGradientAndCount(e0 + 2 &* Int(bins[k &* f &+ j0]), g[k])
                }
                j0 &+= 1
            }
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
