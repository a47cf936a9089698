import Testing

@testable import KiloCore

/// A leaf's best split from the bounded two-pass scan (`SplitFinder.bestSplitWithoutL1`, which
/// skips blocks whose bound cannot reach the sampled bar) against every feature's
/// threshold-by-threshold reference scan, combined in LightGBM's order: the same split to the bit.
@Suite struct SplitScanLeafTests {
    /// One random leaf: rows with gradients and hessians, features that bin them (noise, a few with
    /// signal, exact copies of another feature for tied gains, NaN bins, empty bins with rounding
    /// residues), built into histograms with `entry` doubles per bin.
    struct Leaf {
        var histograms: [[Double]] = []
        var layouts: [(binCount: Int, hasNaNBin: Bool)] = []
        var sumGradient = 0.0
        var sumHessian = 0.0
        var count = 0
        var entry = 2
    }

    static func makeLeaf(round: Int, rng: inout SplitMix64) -> Leaf {
        var leaf = Leaf()
        let unit = round % 2 == 0
        leaf.entry = unit ? 2 : 3
        let rows = [40, 300, 1500, 4000][round % 4]
        let gradients = (0..<rows).map { _ in rng.nextUnit() - 0.48 }
        let hessians = (0..<rows).map { _ in unit ? 1.0 : 0.1 + rng.nextUnit() }
        leaf.count = rows
        for i in 0..<rows {
            leaf.sumGradient += gradients[i]
            leaf.sumHessian += hessians[i]
        }
        let featureCount = 3 + round % 9
        for f in 0..<featureCount {
            if f > 0 && rng.nextUnit() < 0.15 {
                // An exact copy of the previous feature: the same gains, the lower index wins.
                leaf.histograms.append(leaf.histograms[f - 1])
                leaf.layouts.append(leaf.layouts[f - 1])
                continue
            }
            // Mostly a shared layout (pairs), sometimes another bin count or a NaN bin.
            let binCount = rng.nextUnit() < 0.7 ? [255, 64, 17][round % 3] : [2, 3, 31, 100][Int(rng.next() % 4)]
            let hasNaNBin = rng.nextUnit() < 0.2
            let signal = rng.nextUnit() < 0.2 ? rng.nextUnit() : 0
            var e = [Double](repeating: 0, count: leaf.entry * binCount)
            for i in 0..<rows {
                let noise = rng.nextUnit()
                let u = min(0.999_999, max(0, (1 - signal) * noise + signal * (gradients[i] + 0.5)))
                var bin = Int(u * Double(binCount))
                if hasNaNBin && rng.nextUnit() < 0.05 { bin = binCount - 1 }
                e[leaf.entry * bin] += gradients[i]
                e[leaf.entry * bin + 1] += 1
                if !unit { e[leaf.entry * bin + 2] += hessians[i] }
            }
            for b in 0..<binCount where e[leaf.entry * b + 1] == 0 && rng.nextUnit() < 0.3 {
                // An empty bin holding a histogram subtraction's rounding residue.
                e[leaf.entry * b] = (rng.nextUnit() - 0.5) * 1e-16
                if !unit { e[leaf.entry * b + 2] = (rng.nextUnit() - 0.5) * 1e-17 }
            }
            leaf.histograms.append(e)
            leaf.layouts.append((binCount, hasNaNBin))
        }
        return leaf
    }

    static func parameters(round: Int) -> SplitParameters {
        var config = LightGBMConfig()
        config.minDataInLeaf = [1, 5, 20, 60, 200][round % 5]
        config.minSumHessianInLeaf = [0, 1e-3, 2][round % 3]
        config.lambdaL2 = [0, 0, 1.5][round % 7 % 3]
        config.minGainToSplit = [0, 0, 0.2][round % 11 % 3]
        return SplitParameters(config: config)
    }

    @Test func leafBestMatchesTheReferenceBitForBit() {
        var rng = SplitMix64(seed: 2026)
        let scratch = SplitFinder.ScanScratch()
        var found = 0
        for round in 0..<1500 {
            let leaf = Self.makeLeaf(round: round, rng: &rng)
            let p = Self.parameters(round: round)
            let buffers = leaf.histograms.map { h -> UnsafeMutablePointer<Double> in
                let b = UnsafeMutablePointer<Double>.allocate(capacity: h.count)
                b.initialize(from: h, count: h.count)
                return b
            }
            defer { buffers.forEach { $0.deallocate() } }
            var reference = SplitInfo()
            for (j, layout) in leaf.layouts.enumerated() {
                let candidate = SplitFinder.referenceThreshold(
                    entries: buffers[j], entry: leaf.entry, binCount: layout.binCount, hasNaNBin: layout.hasNaNBin,
                    feature: j, sumGradient: leaf.sumGradient, sumHessian: leaf.sumHessian, count: leaf.count,
                    parameters: p)
                if candidate.isBetter(than: reference) { reference = candidate }
            }
            let slots = leaf.layouts.enumerated().map { j, layout in
                SplitFinder.FeatureSlot(
                    feature: j, entries: UnsafePointer(buffers[j]), binCount: layout.binCount,
                    hasNaNBin: layout.hasNaNBin)
            }
            let bounded = SplitFinder.bestSplitWithoutL1(
                slots, entry: leaf.entry,
                sums: .init(gradient: leaf.sumGradient, hessian: leaf.sumHessian, count: leaf.count, parameters: p),
                parameters: p, scratch: scratch)
            #expect(SplitScanTests.bits(bounded) == SplitScanTests.bits(reference), "round \(round)")
            if reference.isValid { found += 1 }
        }
        #expect(found > 800, "most leaves have a split to agree on")
    }

    /// The bar does skip work: on a leaf with one informative feature among noise, most blocks'
    /// bounds fall below it (else the two passes would only cost more than one).
    @Test func theBarSkipsMostBlocks() {
        var rng = SplitMix64(seed: 5)
        var config = LightGBMConfig()
        config.minDataInLeaf = 20
        let p = SplitParameters(config: config)
        let rows = 3000
        let gradients = (0..<rows).map { _ in rng.nextUnit() - 0.5 }
        var histograms: [[Double]] = []
        for f in 0..<40 {
            var e = [Double](repeating: 0, count: 2 * 255)
            for i in 0..<rows {
                let u = f == 7 ? min(0.999, gradients[i] + 0.5) : rng.nextUnit()
                let bin = Int(u * 255)
                e[2 * bin] += gradients[i]
                e[2 * bin + 1] += 1
            }
            histograms.append(e)
        }
        let sumG = gradients.reduce(0, +)
        let sums = SplitFinder.LeafSums(gradient: sumG, hessian: Double(rows), count: rows, parameters: p)
        var kept = 0
        var blocks = 0
        var sampled = -Double.infinity
        var summaries: [[SIMD2<Double>]] = []
        for f in stride(from: 0, to: 40, by: 2) {
            histograms[f].withUnsafeBufferPointer { a in
                histograms[f + 1].withUnsafeBufferPointer { b in
                    let scan = SplitFinder.PairScan(
                        first: a.baseAddress!, second: b.baseAddress!, entry: 2, binCount: 255, hasNaNBin: false,
                        features: (f, f + 1))
                    var summary = [SIMD2<Double>](repeating: .zero, count: scan.summaryLength)
                    summary.withUnsafeMutableBufferPointer { out in
                        sampled = max(sampled, SplitFinder.summarizePair(scan, into: out.baseAddress!, sums: sums, parameters: p).max())
                    }
                    summaries.append(summary)
                }
            }
        }
        let bar = sampled - sums.shift
        for summary in summaries {
            // The reverse scan's blocks (no NaN bin: one direction), then its end record.
            let blockCount = (254 + SplitFinder.blockSize - 1) / SplitFinder.blockSize
            #expect(summary.count == (blockCount + 1) * SplitFinder.recordWidth)
            for block in 0..<blockCount {
                let bound = summary[block * SplitFinder.recordWidth + 4]
                for lane in 0..<2 where bound[lane] > -.infinity {
                    blocks += 1
                    if !(bound[lane] - sums.shift < bar) { kept += 1 }
                }
            }
        }
        #expect(blocks > 500)
        #expect(Double(kept) < 0.1 * Double(blocks), "\(kept) of \(blocks) blocks kept")
    }
}
