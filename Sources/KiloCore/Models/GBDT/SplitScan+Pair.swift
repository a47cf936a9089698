/// ``SplitFinder/bestThresholdWithoutL1(entries:entry:binCount:hasNaNBin:feature:sumGradient:sumHessian:count:parameters:)``
/// for two features of one leaf at once, one per SIMD lane, when both have the same bin count
/// and NaN bin: each lane does exactly the scalar scan's arithmetic, so each feature gets the
/// same `SplitInfo` to the bit, with half the instructions per bin.
///
/// The lanes move in lockstep, so a lane cannot skip its empty bins; it adds them instead. That
/// changes nothing: an empty bin's sums are ±0 and adding ±0 to a sum that is never −0 leaves it
/// as it was, so the threshold after an empty bin has the previous threshold's sums, hence its
/// decisions (`continue`, `break`) and its gain, which cannot beat the best (a better threshold
/// needs a strictly higher gain). A lane that meets the scalar scan's `break` stops taking
/// thresholds; the loop ends when both have.
extension SplitFinder {
    /// The two features' best thresholds (`a` first).
    static func bestThresholdsWithoutL1(
        entries a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, entry: Int, binCount: Int, hasNaNBin: Bool,
        features: (Int, Int), sumGradient: Double, sumHessian: Double, count: Int, parameters p: SplitParameters
    ) -> (SplitInfo, SplitInfo) {
        if entry == 2 {
            return pairWithoutL1(
                a, b, entry: 2, unitHessian: true, binCount: binCount, hasNaNBin: hasNaNBin, features: features,
                sumGradient: sumGradient, sumHessian: sumHessian, count: count, parameters: p)
        }
        return pairWithoutL1(
            a, b, entry: entry, unitHessian: false, binCount: binCount, hasNaNBin: hasNaNBin, features: features,
            sumGradient: sumGradient, sumHessian: sumHessian, count: count, parameters: p)
    }

    @inline(__always)
    private static func pairWithoutL1(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, entry s: Int, unitHessian: Bool, binCount: Int,
        hasNaNBin: Bool, features: (Int, Int), sumGradient: Double, sumHessian: Double, count: Int,
        parameters p: SplitParameters
    ) -> (SplitInfo, SplitInfo) {
        typealias Lanes = SIMD2<Double>
        var best = (SplitInfo(), SplitInfo())
        let minGainShift = p.leafGain(sumGradient: sumGradient, sumHessian: sumHessian) + p.minGainToSplit
        var bestGain = Lanes(repeating: -.infinity)
        let naAsMissing = hasNaNBin && binCount > 2
        let minData = Lanes(repeating: Double(p.minDataInLeaf))
        let minHessian = Lanes(repeating: p.minSumHessianInLeaf)
        let total = Lanes(repeating: Double(count))
        let leafGradient = Lanes(repeating: sumGradient)
        let leafHessian = Lanes(repeating: sumHessian)
        let shift = Lanes(repeating: minGainShift)
        let l2 = Lanes(repeating: p.lambdaL2)
        let zero = Lanes.zero
        /// `T(G)²/(H + l2)` per lane, `T` sending ±0 and NaN to 0 (as `gainWithoutL1` does).
        @inline(__always)
        func term(_ g: Lanes, _ h: Lanes) -> Lanes {
            let t = g.replacing(with: 0, where: .!((g .> zero) .| (g .< zero)))
            return (t * t) / (h + l2)
        }
        @inline(__always)
        func load(_ bin: Int) -> (g: Lanes, c: Lanes, h: Lanes) {
            let c = Lanes(a[s &* bin &+ 1], b[s &* bin &+ 1])
            let h = unitHessian ? c : Lanes(a[s &* bin &+ 2], b[s &* bin &+ 2])
            return (Lanes(a[s &* bin], b[s &* bin]), c, h)
        }
        // Reverse: the right side accumulates from the top real bin down to bin 1; NaN stays left.
        do {
            var rg = zero
            var rh = Lanes(repeating: epsilon)
            var rc = zero
            var alive = SIMDMask<SIMD2<Int64>>(repeating: true)
            var t = binCount - 1 - (naAsMissing ? 1 : 0)
            while t >= 1 {
                let bin = load(t)
                t &-= 1
                rg += bin.g
                rh += bin.h
                rc += bin.c
                let short = (rc .< minData) .| (rh .< minHessian)
                let oc = total - rc
                let oh = leafHessian - rh
                alive .&= short .| .!((oc .< minData) .| (oh .< minHessian))
                if !any(alive) { break }
                let og = leafGradient - rg
                let gain = term(og, oh) + term(rg, rh)
                let taken = alive .& .!short .& .!(gain .<= shift) .& (gain .> bestGain)
                guard any(taken) else { continue }
                bestGain.replace(with: gain, where: taken)
                if taken[0] {
                    best.0.take(
                        feature: features.0, threshold: t, defaultLeft: true, left: (og[0], oh[0], Int(oc[0])),
                        right: (rg[0], rh[0], Int(rc[0])))
                }
                if taken[1] {
                    best.1.take(
                        feature: features.1, threshold: t, defaultLeft: true, left: (og[1], oh[1], Int(oc[1])),
                        right: (rg[1], rh[1], Int(rc[1])))
                }
            }
        }
        if naAsMissing {
            // Forward: the left side accumulates from bin 0; NaN stays right.
            var lg = zero
            var lh = Lanes(repeating: epsilon)
            var lc = zero
            var alive = SIMDMask<SIMD2<Int64>>(repeating: true)
            for t in 0...(binCount - 2) {
                let bin = load(t)
                lg += bin.g
                lh += bin.h
                lc += bin.c
                let short = (lc .< minData) .| (lh .< minHessian)
                let oc = total - lc
                let oh = leafHessian - lh
                alive .&= short .| .!((oc .< minData) .| (oh .< minHessian))
                if !any(alive) { break }
                let og = leafGradient - lg
                let gain = term(lg, lh) + term(og, oh)
                let taken = alive .& .!short .& .!(gain .<= shift) .& (gain .> bestGain)
                guard any(taken) else { continue }
                bestGain.replace(with: gain, where: taken)
                if taken[0] {
                    best.0.take(
                        feature: features.0, threshold: t, defaultLeft: false, left: (lg[0], lh[0], Int(lc[0])),
                        right: (og[0], oh[0], Int(oc[0])))
                }
                if taken[1] {
                    best.1.take(
                        feature: features.1, threshold: t, defaultLeft: false, left: (lg[1], lh[1], Int(lc[1])),
                        right: (og[1], oh[1], Int(oc[1])))
                }
            }
        }
        let nanBinAlone = hasNaNBin && !naAsMissing
        best.0.finish(bestGain: bestGain[0], minGainShift: minGainShift, nanBinAlone: nanBinAlone, parameters: p)
        best.1.finish(bestGain: bestGain[1], minGainShift: minGainShift, nanBinAlone: nanBinAlone, parameters: p)
        return best
    }
}
