/// ``SplitFinder/bestThresholdWithoutL1(entries:entry:binCount:hasNaNBin:feature:sumGradient:sumHessian:count:parameters:)``
/// for two features of one leaf at once, one per SIMD lane, when both have the same bin count
/// and NaN bin: each lane does exactly the scalar scan's arithmetic, so each feature gets the
/// same `SplitInfo` to the bit, with one loop's branches and bookkeeping shared by both (5–16 %
/// less CPU per `tune` study than one feature at a time; wider groups, as written generically,
/// were slower: see bench/RESULTS.md).
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
        let zero = Lanes.zero
        @inline(__always)
        func term(_ g: Lanes, _ h: Lanes) -> Lanes { squaresOverHessians(g, h, l2: p.lambdaL2) }
        @inline(__always)
        func load(_ bin: Int) -> (g: Lanes, c: Lanes, h: Lanes) {
            let c = Lanes(a[s &* bin &+ 1], b[s &* bin &+ 1])
            let h = unitHessian ? c : Lanes(a[s &* bin &+ 2], b[s &* bin &+ 2])
            return (Lanes(a[s &* bin], b[s &* bin]), c, h)
        }
        /// One scan: the accumulated side takes bins `first` … `last` (down when `reverse`: it is
        /// the right side and NaN stays left; up otherwise: the left side, NaN right).
        @inline(__always)
        func scan(from first: Int, to last: Int, reverse: Bool) {
            var ag = zero
            var ah = Lanes(repeating: epsilon)
            var ac = zero
            var alive = SIMDMask<SIMD2<Int64>>(repeating: true)
            var bin = first
            while reverse ? bin >= last : bin <= last {
                let (g, c, h) = load(bin)
                let threshold = reverse ? bin &- 1 : bin
                bin = reverse ? bin &- 1 : bin &+ 1
                ag += g
                ah += h
                ac += c
                let short = (ac .< minData) .| (ah .< minHessian)
                let oc = total - ac
                let oh = leafHessian - ah
                alive .&= short .| .!((oc .< minData) .| (oh .< minHessian))
                if !any(alive) { break }
                let og = leafGradient - ag
                let gain = reverse ? term(og, oh) + term(ag, ah) : term(ag, ah) + term(og, oh)
                let taken = alive .& .!short .& .!(gain .<= shift) .& (gain .> bestGain)
                guard any(taken) else { continue }
                bestGain.replace(with: gain, where: taken)
                for lane in 0..<2 where taken[lane] {
                    let accumulated = (ag[lane], ah[lane], Int(ac[lane]))
                    let other = (og[lane], oh[lane], Int(oc[lane]))
                    let (left, right) = reverse ? (other, accumulated) : (accumulated, other)
                    if lane == 0 {
                        best.0.take(
                            feature: features.0, threshold: threshold, defaultLeft: reverse, left: left, right: right)
                    } else {
                        best.1.take(
                            feature: features.1, threshold: threshold, defaultLeft: reverse, left: left, right: right)
                    }
                }
            }
        }
        scan(from: binCount - 1 - (naAsMissing ? 1 : 0), to: 1, reverse: true)
        if naAsMissing { scan(from: 0, to: binCount - 2, reverse: false) }
        let nanBinAlone = hasNaNBin && !naAsMissing
        best.0.finish(bestGain: bestGain[0], minGainShift: minGainShift, nanBinAlone: nanBinAlone, parameters: p)
        best.1.finish(bestGain: bestGain[1], minGainShift: minGainShift, nanBinAlone: nanBinAlone, parameters: p)
        return best
    }
}
