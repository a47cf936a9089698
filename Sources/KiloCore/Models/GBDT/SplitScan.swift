/// `SplitFinder.bestThreshold` when `lambda_l1` is 0 (the default, and what `tune`'s default space
/// leaves alone): the same scans, the same arithmetic per threshold and the same decisions, so the
/// same `SplitInfo` to the bit, only cheaper:
/// - with no L1 the soft threshold is the identity (or 0 where the sum is ±0 or NaN), so both
///   sides' `T(G)² / (H + l2)` are one two-lane division instead of two scalar ones;
/// - counts are summed as doubles (the histogram holds them as exact integers), with no
///   conversion per bin;
/// - a bin with no rows whose gradient and hessian sums are exactly zero leaves the accumulated
///   side unchanged, so its threshold scores exactly what the previous one did and cannot beat it
///   (a better split needs a strictly higher gain); it is not scored again, and its zeros are not
///   even added (adding +0 changes no sum: no histogram entry or running sum here is −0, since
///   sums start at +0 and x − x is +0), so the scan's chain of dependent additions runs through
///   the non-empty bins only. Most bins of a small leaf are empty.
extension SplitFinder {
    /// Soft-thresholded squares over hessians of the two sides, `T(G_l)²/(H_l+l2) + T(G_r)²/(H_r+l2)`,
    /// with `T` the identity but ±0 and NaN sent to 0 (`thresholdL1` with `lambda_l1` 0).
    @inline(__always)
    static func gainWithoutL1(_ lg: Double, _ lh: Double, _ rg: Double, _ rh: Double, l2: Double) -> Double {
        let q = squaresOverHessians(SIMD2(lg, rg), SIMD2(lh, rh), l2: l2)
        return q.x + q.y
    }

    /// `T(G)²/(H + l2)` lane by lane, `T` the identity but ±0 and NaN sent to 0: one side of a
    /// threshold's gain per lane (both sides in ``gainWithoutL1(_:_:_:_:l2:)``, one side of two
    /// features in the pair scan).
    @inline(__always)
    static func squaresOverHessians(_ g: SIMD2<Double>, _ h: SIMD2<Double>, l2: Double) -> SIMD2<Double> {
        let t = g.replacing(with: 0, where: .!((g .> 0) .| (g .< 0)))
        return (t * t) / (h + SIMD2(repeating: l2))
    }

    static func bestThresholdWithoutL1(
        entries e: UnsafePointer<Double>, entry: Int, binCount: Int, hasNaNBin: Bool, feature: Int,
        sumGradient: Double, sumHessian: Double, count: Int, parameters p: SplitParameters
    ) -> SplitInfo {
        // Two copies, each with its layout fixed at compile time.
        if entry == 2 {
            return scanWithoutL1(
                entries: e, entry: 2, unitHessian: true, binCount: binCount, hasNaNBin: hasNaNBin, feature: feature,
                sumGradient: sumGradient, sumHessian: sumHessian, count: count, parameters: p)
        }
        return scanWithoutL1(
            entries: e, entry: entry, unitHessian: false, binCount: binCount, hasNaNBin: hasNaNBin, feature: feature,
            sumGradient: sumGradient, sumHessian: sumHessian, count: count, parameters: p)
    }

    @inline(__always)
    private static func scanWithoutL1(
        entries e: UnsafePointer<Double>, entry s: Int, unitHessian: Bool, binCount: Int, hasNaNBin: Bool,
        feature: Int, sumGradient: Double, sumHessian: Double, count: Int, parameters p: SplitParameters
    ) -> SplitInfo {
        var best = SplitInfo()
        let minGainShift = p.leafGain(sumGradient: sumGradient, sumHessian: sumHessian) + p.minGainToSplit
        var bestGain = -Double.infinity
        let naAsMissing = hasNaNBin && binCount > 2
        let minData = Double(p.minDataInLeaf)
        let minHessian = p.minSumHessianInLeaf
        let total = Double(count)
        let l2 = p.lambdaL2
        /// One scan: the accumulated side takes bins `first` … `last` (down when `reverse`: it is
        /// the right side and NaN stays left; up otherwise: the left side, NaN right).
        @inline(__always)
        func scan(from first: Int, to last: Int, reverse: Bool) {
            var ag = 0.0
            var ah = epsilon
            var ac = 0.0
            var started = false
            var bin = first
            while reverse ? bin >= last : bin <= last {
                let g = e[s &* bin]
                let c = e[s &* bin &+ 1]
                let h = unitHessian ? c : e[s &* bin &+ 2]
                let threshold = reverse ? bin &- 1 : bin
                bin = reverse ? bin &- 1 : bin &+ 1
                if started && c == 0 && g == 0 && h == 0 { continue }
                ag += g
                ah += h
                ac += c
                started = true
                if ac < minData || ah < minHessian { continue }
                let oc = total - ac
                if oc < minData { break }
                let oh = sumHessian - ah
                if oh < minHessian { break }
                let og = sumGradient - ag
                let gain = reverse ? gainWithoutL1(og, oh, ag, ah, l2: l2) : gainWithoutL1(ag, ah, og, oh, l2: l2)
                if gain <= minGainShift { continue }
                if gain > bestGain {
                    bestGain = gain
                    let accumulated = (ag, ah, Int(ac))
                    let other = (og, oh, Int(oc))
                    best.take(
                        feature: feature, threshold: threshold, defaultLeft: reverse,
                        left: reverse ? other : accumulated, right: reverse ? accumulated : other)
                }
            }
        }
        scan(from: binCount - 1 - (naAsMissing ? 1 : 0), to: 1, reverse: true)
        if naAsMissing { scan(from: 0, to: binCount - 2, reverse: false) }
        best.finish(bestGain: bestGain, minGainShift: minGainShift, nanBinAlone: hasNaNBin && !naAsMissing, parameters: p)
        return best
    }
}
