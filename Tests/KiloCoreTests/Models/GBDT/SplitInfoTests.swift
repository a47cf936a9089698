import Testing

@testable import KiloCore

@Suite struct SplitInfoTests {
    /// Three bins with hand-made sums; gains computed by hand from G^2/(H+l2) with L1 shrinkage.
    @Test func gainMatchesHandComputation() {
        // bins: (g, count, h)
        let entries: [Double] = [-6, 3, 3, 2, 2, 2, 5, 4, 4]
        var config = LightGBMConfig()
        config.minDataInLeaf = 1
        config.minSumHessianInLeaf = 0
        config.lambdaL1 = 1
        config.lambdaL2 = 2
        let p = SplitParameters(config: config)
        let split = entries.withUnsafeBufferPointer {
            SplitFinder.bestThreshold(
                entries: $0.baseAddress!, entry: 3, binCount: 3, hasNaNBin: false, feature: 4, sumGradient: 1,
                sumHessian: 9, count: 9, parameters: p)
        }
        // T(G) = sign(G) * max(0, |G| - 1); gain(G, H) = T(G)^2 / (H + 2).
        func gain(_ g: Double, _ h: Double) -> Double {
            let t = g > 0 ? max(0, g - 1) : -max(0, -g - 1)
            return t * t / (h + 2)
        }
        let parent = gain(1, 9)
        let after0 = gain(-6, 3) + gain(7, 6)  // threshold bin 0: 25/5 + 36/8 = 9.5
        let after1 = gain(-4, 5) + gain(5, 4)  // threshold bin 1: 9/7 + 16/6
        #expect(after0 > after1)
        #expect(split.feature == 4)
        #expect(split.thresholdBin == 0)
        #expect(abs(split.gain - (after0 - parent)) < 1e-9)
        #expect(abs(split.leftOutput - 5.0 / 5.0) < 1e-9)  // -T(-6)/(3+2) = 5/5
        #expect(abs(split.rightOutput - (-6.0 / 8.0)) < 1e-9)  // -T(7)/(6+2)
        #expect(split.leftCount == 3 && split.rightCount == 6)
        #expect(split.defaultLeft)
    }

    @Test func nanBinCanGoRight() {
        // bins 0,1 real, bin 2 NaN; NaN rows have very different gradients from bin 1.
        let entries: [Double] = [-5, 5, 5, 5, 5, 5, 40, 5, 5]
        var config = LightGBMConfig()
        config.minDataInLeaf = 1
        config.minSumHessianInLeaf = 0
        let split = entries.withUnsafeBufferPointer {
            SplitFinder.bestThreshold(
                entries: $0.baseAddress!, entry: 3, binCount: 3, hasNaNBin: true, feature: 0, sumGradient: 40,
                sumHessian: 15, count: 15, parameters: SplitParameters(config: config))
        }
        // Best: {bin0, bin1} vs {NaN}: forward scan at threshold 1 with NaN right.
        #expect(split.thresholdBin == 1)
        #expect(!split.defaultLeft)
        #expect(split.rightCount == 5)
    }

    @Test func minDataInLeafBlocksSplits() {
        let entries: [Double] = [-6, 3, 3, 2, 2, 2, 5, 4, 4]
        var config = LightGBMConfig()
        config.minDataInLeaf = 4
        config.minSumHessianInLeaf = 0
        let split = entries.withUnsafeBufferPointer {
            SplitFinder.bestThreshold(
                entries: $0.baseAddress!, entry: 3, binCount: 3, hasNaNBin: false, feature: 0, sumGradient: 1,
                sumHessian: 9, count: 9, parameters: SplitParameters(config: config))
        }
        #expect(split.isValid && split.thresholdBin == 1)  // bin 0 alone has 3 < 4 rows; {0,1} | {2} is 5 | 4
        config.minDataInLeaf = 5
        let none = entries.withUnsafeBufferPointer {
            SplitFinder.bestThreshold(
                entries: $0.baseAddress!, entry: 3, binCount: 3, hasNaNBin: false, feature: 0, sumGradient: 1,
                sumHessian: 9, count: 9, parameters: SplitParameters(config: config))
        }
        #expect(!none.isValid)
    }
}

/// The scan without L1 (`bestThresholdWithoutL1`) against the threshold-by-threshold reference:
/// the same split, gain, sums and outputs to the bit, on histograms built to stress what it
/// skips (empty bins, empty bins holding a subtraction's rounding residue, tied gains, a NaN bin).
@Suite struct SplitScanTests {
    static func bits(_ s: SplitInfo) -> [UInt64] {
        [UInt64(bitPattern: Int64(s.feature)), UInt64(s.thresholdBin), s.defaultLeft ? 1 : 0, s.gain.bitPattern,
         s.leftSumGradient.bitPattern, s.leftSumHessian.bitPattern, UInt64(s.leftCount),
         s.rightSumGradient.bitPattern, s.rightSumHessian.bitPattern, UInt64(s.rightCount),
         s.leftOutput.bitPattern, s.rightOutput.bitPattern]
    }

    @Test func matchesTheReferenceScanBitForBit() {
        var rng = SplitMix64(seed: 77)
        var found = 0
        for round in 0..<6000 {
            let binCount = [2, 3, 4, 17, 64, 255, 65, 129, 300][round % 9]
            let hasNaNBin = round % 3 == 0
            let emptyShare = [0.0, 0.5, 0.9][round % 5 % 3]
            let constantHessian = round % 2 == 0
            var e = [Double](repeating: 0, count: 3 * binCount)
            for b in 0..<binCount {
                let u = rng.nextUnit()
                if u < emptyShare {
                    // An empty bin: exact zeros, or a subtraction's residue in the gradient.
                    let residue = rng.nextUnit()
                    if residue < 0.2 { e[3 * b] = (rng.nextUnit() - 0.5) * 1e-16 } else if residue < 0.3 { e[3 * b] = -0.0 }
                    if !constantHessian && rng.nextUnit() < 0.1 { e[3 * b + 2] = (rng.nextUnit() - 0.5) * 1e-17 }
                    continue
                }
                let c = Double(1 + Int(rng.nextUnit() * 40))
                // Every fourth bin repeats the previous non-empty one's sums (equal gains).
                if b > 0 && round % 4 == 1 && e[3 * (b - 1) + 1] > 0 && rng.nextUnit() < 0.3 {
                    e[3 * b] = e[3 * (b - 1)]
                    e[3 * b + 1] = e[3 * (b - 1) + 1]
                    e[3 * b + 2] = e[3 * (b - 1) + 2]
                    continue
                }
                e[3 * b] = (rng.nextUnit() - 0.45) * c
                e[3 * b + 1] = c
                e[3 * b + 2] = constantHessian ? c : c * (0.1 + rng.nextUnit())
            }
            var sumG = 0.0
            var sumH = 0.0
            var count = 0
            for b in 0..<binCount {
                sumG += e[3 * b]
                sumH += e[3 * b + 2]
                count += Int(e[3 * b + 1])
            }
            var config = LightGBMConfig()
            config.minDataInLeaf = [0, 1, 5, 20, 60][round % 5]
            config.minSumHessianInLeaf = [0, 1e-3, 2][round % 3]
            config.lambdaL2 = [0, 0, 1.5][round % 7 % 3]
            config.minGainToSplit = [0, 0, 0.2][round % 11 % 3]
            let p = SplitParameters(config: config)
            let (fast, reference) = e.withUnsafeBufferPointer { buffer in
                (
                    SplitFinder.bestThresholdWithoutL1(
                        entries: buffer.baseAddress!, entry: 3, binCount: binCount, hasNaNBin: hasNaNBin, feature: 3,
                        sumGradient: sumG, sumHessian: sumH, count: count, parameters: p),
                    SplitFinder.referenceThreshold(
                        entries: buffer.baseAddress!, entry: 3, binCount: binCount, hasNaNBin: hasNaNBin, feature: 3,
                        sumGradient: sumG, sumHessian: sumH, count: count, parameters: p)
                )
            }
            #expect(Self.bits(fast) == Self.bits(reference), "round \(round)")
            // Two features of the leaf in lockstep: this one and its bins in another order.
            var order = Array(0..<binCount)
            for i in stride(from: binCount - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            let other = order.flatMap { b in e[(3 * b)..<(3 * b + 3)] }
            let otherReference = other.withUnsafeBufferPointer { buffer in
                SplitFinder.referenceThreshold(
                    entries: buffer.baseAddress!, entry: 3, binCount: binCount, hasNaNBin: hasNaNBin, feature: 4,
                    sumGradient: sumG, sumHessian: sumH, count: count, parameters: p)
            }
            /// Both features' scans in the two lanes, `entry` doubles per bin.
            func pairScan(_ first: [Double], _ second: [Double], entry: Int) -> (SplitInfo, SplitInfo) {
                first.withUnsafeBufferPointer { first in
                    second.withUnsafeBufferPointer { second in
                        SplitFinder.bestThresholdsWithoutL1(
                            .init(
                                first: first.baseAddress!, second: second.baseAddress!, entry: entry,
                                binCount: binCount, hasNaNBin: hasNaNBin, features: (3, 4)),
                            sumGradient: sumG, sumHessian: sumH, count: count, parameters: p)
                    }
                }
            }
            let pair = pairScan(e, other, entry: 3)
            #expect(Self.bits(pair.0) == Self.bits(reference), "round \(round), first of a pair")
            #expect(Self.bits(pair.1) == Self.bits(otherReference), "round \(round), second of a pair")
            if constantHessian {
                // Every hessian 1: the two-double layout, whose hessian is the count.
                var compact = [Double](repeating: 0, count: 2 * binCount)
                for b in 0..<binCount {
                    compact[2 * b] = e[3 * b]
                    compact[2 * b + 1] = e[3 * b + 1]
                }
                let unit = compact.withUnsafeBufferPointer { buffer in
                    SplitFinder.bestThreshold(
                        entries: buffer.baseAddress!, entry: 2, binCount: binCount, hasNaNBin: hasNaNBin, feature: 3,
                        sumGradient: sumG, sumHessian: sumH, count: count, parameters: p)
                }
                #expect(Self.bits(unit) == Self.bits(reference), "round \(round), two doubles per bin")
                let compactOther = order.flatMap { b in compact[(2 * b)..<(2 * b + 2)] }
                let unitPair = pairScan(compact, compactOther, entry: 2)
                #expect(Self.bits(unitPair.0) == Self.bits(reference), "round \(round), pair, two doubles per bin")
                #expect(Self.bits(unitPair.1) == Self.bits(otherReference), "round \(round), pair, two doubles per bin")
            }
            if reference.isValid { found += 1 }
        }
        #expect(found > 1000, "most rounds have a split to agree on")
    }
}
