import Testing

@testable import KiloCore

@Suite struct HistogramTests {
    @Test func parentEqualsLeftPlusRight() throws {
        let (x, y) = GBDTFixtures.synthetic(rows: 3000, seed: 11)
        var config = LightGBMConfig()
        config.maxBin = 63
        let data = BinnedDataset(matrix: x, config: config)
        let features = Array(0..<6)
        let g = y.map { $0 * 0.5 - 0.1 }
        let h = y.map { 0.5 + abs($0) }
        let partition = DataPartition(capacity: 3000, maxLeaves: 2)
        partition.reset(rows: nil)
        let counts = data.mappers.map(\.binCount)
        let parent = Histogram(binCounts: counts)
        let left = Histogram(binCounts: counts)
        let right = Histogram(binCounts: counts)
        func build(_ hist: Histogram, leaf: Int, threads: Int) {
            let rows = partition.rows(of: leaf)
            let n = partition.count[leaf]
            let og = (0..<n).map { g[Int(rows[$0])] }
            let oh = (0..<n).map { h[Int(rows[$0])] }
            og.withUnsafeBufferPointer { gp in
                oh.withUnsafeBufferPointer { hp in
                    HistogramBuilder.build(
                        into: hist, dataset: data, features: features, rows: UnsafePointer(rows), count: n,
                        grad: .init(gradients: gp.baseAddress!, hessians: hp.baseAddress!, constantHessian: 1),
                        threads: threads)
                }
            }
        }
        build(parent, leaf: 0, threads: 2)
        let column = data.column(2)
        var goesLeft = [Bool](repeating: false, count: data.mappers[2].binCount)
        for b in 0..<10 { goesLeft[b] = true }
        partition.split(leaf: 0, newLeaf: 1, column: column, goesLeft: goesLeft)
        #expect(partition.count[0] + partition.count[1] == 3000)
        #expect(partition.count[0] > 0 && partition.count[1] > 0)
        build(left, leaf: 0, threads: 1)
        build(right, leaf: 1, threads: 2)
        func sums(_ h: Histogram, _ j: Int, _ b: Int) -> [Double] {
            [h.sumGradient(feature: j, bin: b), h.count(feature: j, bin: b), h.sumHessian(feature: j, bin: b)]
        }
        for j in features {
            for b in 0..<counts[j] {
                for (k, p) in sums(parent, j, b).enumerated() {
                    let s = sums(left, j, b)[k] + sums(right, j, b)[k]
                    #expect(abs(p - s) <= 1e-9 * max(1, abs(p)))
                }
            }
        }
        // Subtraction gives the other child.
        parent.subtract(left, features: features)
        for j in features {
            for b in 0..<counts[j] {
                for (k, p) in sums(parent, j, b).enumerated() {
                    #expect(abs(p - sums(right, j, b)[k]) <= 1e-9 * max(1, abs(p)))
                }
            }
        }
        // Counts add up to the rows of each leaf.
        var total = 0.0
        for b in 0..<counts[0] { total += left.count(feature: 0, bin: b) }
        #expect(Int(total) == partition.count[0])
    }

    @Test func constantHessianSlotIsCountTimesHessian() {
        let (x, y) = GBDTFixtures.synthetic(rows: 500, seed: 2)
        let data = BinnedDataset(matrix: x, config: LightGBMConfig())
        for unit in [false, true] {
            let hist = Histogram(binCounts: data.mappers.map(\.binCount), unitHessian: unit)
            y.withUnsafeBufferPointer { gp in
                HistogramBuilder.build(
                    into: hist, dataset: data, features: [0, 1, 2, 3, 4, 5], rows: nil, count: 500,
                    grad: .init(gradients: gp.baseAddress!, hessians: nil, constantHessian: 1), threads: 2)
            }
            var sumG = 0.0
            var sumH = 0.0
            for b in 0..<data.mappers[3].binCount {
                sumG += hist.sumGradient(feature: 3, bin: b)
                sumH += hist.sumHessian(feature: 3, bin: b)
                #expect(hist.sumHessian(feature: 3, bin: b) == hist.count(feature: 3, bin: b))
            }
            #expect(abs(sumG - y.reduce(0, +)) < 1e-9)
            #expect(sumH == 500)
        }
    }
}

@Suite struct HistogramRowWiseTests {
    /// Row-wise (gathered rows, two workers) and column-wise construction give the same sums.
    @Test func rowWiseEqualsColumnWise() {
        let (x, y) = GBDTFixtures.synthetic(rows: 40_000, seed: 21)
        let data = BinnedDataset(matrix: x, config: LightGBMConfig())
        let counts = data.mappers.map(\.binCount)
        let features = Array(0..<6)
        let rows: [Int32] = (0..<40_000).filter { $0 % 3 != 1 }.map(Int32.init)
        let g = rows.map { y[Int($0)] }
        let h = rows.map { 0.25 + abs(y[Int($0)]) * 0.1 }
        for (hessians, unit) in [(false, false), (true, false), (false, true)] {
            let a = Histogram(binCounts: counts, unitHessian: unit)
            let b = Histogram(binCounts: counts, unitHessian: unit)
            g.withUnsafeBufferPointer { gp in
                h.withUnsafeBufferPointer { hp in
                    rows.withUnsafeBufferPointer { rp in
                        let grad = HistogramBuilder.Gradients(
                            gradients: gp.baseAddress!, hessians: hessians ? hp.baseAddress! : nil, constantHessian: unit ? 1 : 2)
                        HistogramBuilder.build(
                            into: a, dataset: data, features: features, rows: rp.baseAddress, count: rows.count,
                            grad: grad, threads: 2)
                        HistogramBuilder.buildRowWise(
                            into: b, scratch: RowWiseScratch(binCounts: counts, workers: 2), dataset: data, features: features,
                            rows: rp.baseAddress, count: rows.count, grad: grad, threads: 2)
                    }
                }
            }
            for j in features {
                for bin in 0..<counts[j] {
                    #expect(a.count(feature: j, bin: bin) == b.count(feature: j, bin: bin))
                    #expect(abs(a.sumGradient(feature: j, bin: bin) - b.sumGradient(feature: j, bin: bin)) < 1e-9)
                    #expect(abs(a.sumHessian(feature: j, bin: bin) - b.sumHessian(feature: j, bin: bin)) < 1e-9)
                }
            }
        }
    }
    /// The compact per-worker buffers keep LightGBM-compatible bits: each bin is the first worker's
    /// rows summed in leaf order from zero, plus the second worker's, exactly (not within a tolerance).
    @Test func rowWiseSumsInLeafOrderPerWorker() {
        let (x, y) = GBDTFixtures.synthetic(rows: 50_000, seed: 23)
        let data = BinnedDataset(matrix: x, config: LightGBMConfig())
        let counts = data.mappers.map(\.binCount)
        let features = Array(0..<6)
        let rows: [Int32] = (0..<50_000).filter { $0 % 5 != 2 }.map(Int32.init)
        let g = y.map { $0 * 0.37 - 0.11 }
        let h = y.map { 0.25 + abs($0) * 0.1 }
        for (hessians, unit) in [(false, false), (true, false), (false, true)] {
            let built = Histogram(binCounts: counts, unitHessian: unit)
            let scratch = RowWiseScratch(binCounts: counts, workers: 2)
            g.withUnsafeBufferPointer { gp in
                h.withUnsafeBufferPointer { hp in
                    rows.withUnsafeBufferPointer { rp in
                        var grad = HistogramBuilder.Gradients(
                            gradients: gp.baseAddress!, hessians: hessians ? hp.baseAddress! : nil, constantHessian: unit ? 1 : 3)
                        grad.byRow = true
                        HistogramBuilder.buildRowWise(
                            into: built, scratch: scratch, dataset: data, features: features,
                            rows: rp.baseAddress, count: rows.count, grad: grad, threads: 2)
                    }
                }
            }
            let half = rows.count / 2
            for j in features {
                var sums = [[Double]](repeating: [Double](repeating: 0, count: 3 * counts[j]), count: 2)
                for (i, r) in rows.enumerated() {
                    let b = Int(data.column(j)[Int(r)])
                    let w = i < half ? 0 : 1
                    sums[w][3 * b] += g[Int(r)]
                    sums[w][3 * b + 1] += 1
                    sums[w][3 * b + 2] += h[Int(r)]
                }
                for b in 0..<counts[j] {
                    let count = sums[0][3 * b + 1] + sums[1][3 * b + 1]
                    #expect(built.sumGradient(feature: j, bin: b) == sums[0][3 * b] + sums[1][3 * b])
                    #expect(built.count(feature: j, bin: b) == count)
                    let hessian = hessians ? sums[0][3 * b + 2] + sums[1][3 * b + 2] : count * (unit ? 1 : 3)
                    #expect(built.sumHessian(feature: j, bin: b) == hessian)
                }
            }
        }
    }

    /// Without a row list (the root) the chunks are read in place, feature block by feature block;
    /// each bin is still every worker's rows summed in row order, exactly. Seven features: one
    /// block of four plus three single features.
    @Test func allRowsSumInRowOrderPerWorker() {
        var rng = SplitMix64(seed: 29)
        let n = 30_011
        var values: [Double] = []
        for _ in 0..<(n * 7) { values.append(rng.nextGaussian()) }
        let data = BinnedDataset(matrix: DenseMatrix(rowCount: n, columnCount: 7, values: values), config: LightGBMConfig())
        let counts = data.mappers.map(\.binCount)
        let features = Array(0..<7)
        let g = (0..<n).map { _ in rng.nextGaussian() * 0.7 }
        let h = (0..<n).map { _ in 0.2 + rng.nextUnit() }
        for (hessians, unit) in [(false, false), (true, false), (false, true)] {
            let built = Histogram(binCounts: counts, unitHessian: unit)
            g.withUnsafeBufferPointer { gp in
                h.withUnsafeBufferPointer { hp in
                    let grad = HistogramBuilder.Gradients(
                        gradients: gp.baseAddress!, hessians: hessians ? hp.baseAddress! : nil, constantHessian: unit ? 1 : 0.5)
                    HistogramBuilder.buildRowWise(
                        into: built, scratch: RowWiseScratch(binCounts: counts, workers: 2), dataset: data,
                        features: features, rows: nil, count: n, grad: grad, threads: 2)
                }
            }
            let half = n / 2
            for j in features {
                var sums = [[Double]](repeating: [Double](repeating: 0, count: 3 * counts[j]), count: 2)
                for r in 0..<n {
                    let b = Int(data.column(j)[r])
                    let w = r < half ? 0 : 1
                    sums[w][3 * b] += g[r]
                    sums[w][3 * b + 1] += 1
                    sums[w][3 * b + 2] += h[r]
                }
                for b in 0..<counts[j] {
                    let count = sums[0][3 * b + 1] + sums[1][3 * b + 1]
                    #expect(built.sumGradient(feature: j, bin: b) == sums[0][3 * b] + sums[1][3 * b])
                    #expect(built.count(feature: j, bin: b) == count)
                    let hessian = hessians ? sums[0][3 * b + 2] + sums[1][3 * b + 2] : count * (unit ? 1 : 0.5)
                    #expect(built.sumHessian(feature: j, bin: b) == hessian)
                }
            }
        }
    }
}
