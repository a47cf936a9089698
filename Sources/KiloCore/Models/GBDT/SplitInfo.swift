/// The best split found for a leaf (LightGBM `SplitInfo`): rows with bin `<= thresholdBin` go
/// left, the NaN bin goes left iff `defaultLeft`.
struct SplitInfo: Sendable, Equatable {
    var feature: Int = -1
    var thresholdBin: Int = 0
    var defaultLeft = true
    /// Gain over the unsplit leaf, minus `min_gain_to_split` (as LightGBM reports it).
    var gain: Double = -.infinity
    var leftSumGradient = 0.0
    var leftSumHessian = 0.0
    var leftCount = 0
    var rightSumGradient = 0.0
    var rightSumHessian = 0.0
    var rightCount = 0
    var leftOutput = 0.0
    var rightOutput = 0.0

    /// Whether a split was found.
    var isValid: Bool { feature >= 0 && gain > -.infinity }

    /// Records a winning threshold with its two sides' gradient sums, hessian sums and counts.
    @inline(__always)
    mutating func take(
        feature: Int, threshold: Int, defaultLeft: Bool, left: (Double, Double, Int), right: (Double, Double, Int)
    ) {
        self.feature = feature
        thresholdBin = threshold
        self.defaultLeft = defaultLeft
        (leftSumGradient, leftSumHessian, leftCount) = left
        (rightSumGradient, rightSumHessian, rightCount) = right
    }

    /// Ends a feature's scans: with two bins, one value and NaN (`nanBinAlone`), the NaN bin is the
    /// right side; a found split's `gain` becomes `bestGain − minGainShift` and both sides get their
    /// outputs.
    mutating func finish(bestGain: Double, minGainShift: Double, nanBinAlone: Bool, parameters p: SplitParameters) {
        if nanBinAlone { defaultLeft = false }
        guard feature >= 0 else { return }
        gain = bestGain - minGainShift
        leftOutput = p.leafOutput(sumGradient: leftSumGradient, sumHessian: leftSumHessian)
        rightOutput = p.leafOutput(sumGradient: rightSumGradient, sumHessian: rightSumHessian)
    }

    /// LightGBM's order: higher gain wins, ties go to the lower feature index.
    func isBetter(than other: SplitInfo) -> Bool {
        if !isValid { return false }
        if !other.isValid { return true }
        if gain != other.gain { return gain > other.gain }
        return feature < other.feature
    }
}

/// Regularisation and limits used when scoring splits (`feature_histogram.hpp`).
struct SplitParameters: Sendable {
    var lambdaL1: Double
    var lambdaL2: Double
    var minDataInLeaf: Int
    var minSumHessianInLeaf: Double
    var minGainToSplit: Double

    init(config: LightGBMConfig) {
        lambdaL1 = config.lambdaL1
        lambdaL2 = config.lambdaL2
        minDataInLeaf = config.minDataInLeaf
        minSumHessianInLeaf = config.minSumHessianInLeaf
        minGainToSplit = config.minGainToSplit
    }

    /// LightGBM `ThresholdL1`: soft-thresholds the gradient sum.
    @inline(__always)
    func thresholdL1(_ s: Double) -> Double {
        let reg = max(0, abs(s) - lambdaL1)
        return s > 0 ? reg : (s < 0 ? -reg : 0)
    }

    /// Optimal leaf output `-T(G) / (H + l2)`.
    @inline(__always)
    func leafOutput(sumGradient g: Double, sumHessian h: Double) -> Double {
        -thresholdL1(g) / (h + lambdaL2)
    }

    /// Leaf gain `T(G)^2 / (H + l2)`.
    @inline(__always)
    func leafGain(sumGradient g: Double, sumHessian h: Double) -> Double {
        let t = thresholdL1(g)
        return t * t / (h + lambdaL2)
    }
}

/// Finds the best threshold of one feature from its histogram (LightGBM
/// `FeatureHistogram::FindBestThresholdSequentially`): a reverse scan that sends NaN left, and,
/// when the feature has a NaN bin, a forward scan that sends NaN right.
enum SplitFinder {
    static let epsilon = 1e-15

    /// - Parameter entry: doubles per bin in `e`: `[sumGradient, count]` when 2 (every hessian is
    ///   1, so the hessian sum is the count), else `[sumGradient, count, sumHessian, …]`.
    static func bestThreshold(
        entries e: UnsafePointer<Double>, entry: Int, binCount: Int, hasNaNBin: Bool, feature: Int,
        sumGradient: Double, sumHessian: Double, count: Int, parameters p: SplitParameters
    ) -> SplitInfo {
        if p.lambdaL1 == 0 {
            return bestThresholdWithoutL1(
                entries: e, entry: entry, binCount: binCount, hasNaNBin: hasNaNBin, feature: feature,
                sumGradient: sumGradient, sumHessian: sumHessian, count: count, parameters: p)
        }
        return referenceThreshold(
            entries: e, entry: entry, binCount: binCount, hasNaNBin: hasNaNBin, feature: feature,
            sumGradient: sumGradient, sumHessian: sumHessian, count: count, parameters: p)
    }

    /// `bestThreshold` for any `lambda_l1`, one threshold at a time as LightGBM scores them (the
    /// reference `bestThresholdWithoutL1` must match bit for bit).
    static func referenceThreshold(
        entries e: UnsafePointer<Double>, entry s: Int, binCount: Int, hasNaNBin: Bool, feature: Int,
        sumGradient: Double, sumHessian: Double, count: Int, parameters p: SplitParameters
    ) -> SplitInfo {
        var best = SplitInfo()
        let minGainShift = p.leafGain(sumGradient: sumGradient, sumHessian: sumHessian) + p.minGainToSplit
        var bestGain = -Double.infinity
        let naAsMissing = hasNaNBin && binCount > 2
        let hessianAt = Histogram.hessianOffset(entry: s)
        /// Scores threshold `t` from the side the scan has accumulated (`ag`, `ah`, `ac`: the right
        /// side in the reverse scan, the left in the forward one; the other side is the leaf's totals
        /// less it), as LightGBM's one `FindBestThresholdSequentially<REVERSE>` does for both scans.
        /// Returns `false` when the other side has become too small for any later threshold (`break`).
        @inline(__always)
        func consider(_ t: Int, accumulatedIsRight: Bool, _ ag: Double, _ ah: Double, _ ac: Int) -> Bool {
            if ac < p.minDataInLeaf || ah < p.minSumHessianInLeaf { return true }
            let oc = count - ac
            if oc < p.minDataInLeaf { return false }
            let oh = sumHessian - ah
            if oh < p.minSumHessianInLeaf { return false }
            let og = sumGradient - ag
            let (lg, lh, lc) = accumulatedIsRight ? (og, oh, oc) : (ag, ah, ac)
            let (rg, rh, rc) = accumulatedIsRight ? (ag, ah, ac) : (og, oh, oc)
            let gain = p.leafGain(sumGradient: lg, sumHessian: lh) + p.leafGain(sumGradient: rg, sumHessian: rh)
            if gain <= minGainShift { return true }
            if gain > bestGain {
                bestGain = gain
                best.take(
                    feature: feature, threshold: t, defaultLeft: accumulatedIsRight, left: (lg, lh, lc), right: (rg, rh, rc))
            }
            return true
        }
        // Reverse: right side accumulates from the top real bin down; NaN stays left.
        do {
            var rg = 0.0
            var rh = epsilon
            var rc = 0
            let top = binCount - 1 - (naAsMissing ? 1 : 0)
            var t = top
            while t >= 1 {
                rg += e[s * t]
                rh += e[s * t + hessianAt]
                rc += Int(e[s * t + 1])
                t -= 1
                if !consider(t, accumulatedIsRight: true, rg, rh, rc) { break }
            }
        }
        if naAsMissing {
            // Forward: left side accumulates from bin 0; NaN stays right.
            var lg = 0.0
            var lh = epsilon
            var lc = 0
            for t in 0...(binCount - 2) {
                lg += e[s * t]
                lh += e[s * t + hessianAt]
                lc += Int(e[s * t + 1])
                if !consider(t, accumulatedIsRight: false, lg, lh, lc) { break }
            }
        }
        best.finish(bestGain: bestGain, minGainShift: minGainShift, nanBinAlone: hasNaNBin && !naAsMissing, parameters: p)
        return best
    }
}
