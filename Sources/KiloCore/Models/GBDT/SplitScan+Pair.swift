/// The threshold scan without L1, two features of one leaf at once, one per SIMD lane (the same
/// feature in both lanes when it has no neighbour with its bin layout), in two passes over blocks
/// of ``blockSize`` thresholds:
///
/// 1. ``summarizePair(_:into:sums:parameters:)`` runs the scan's running sums through every bin
///    and keeps, per block, the sums it starts from, whether the scan is still alive there, and the
///    least and greatest accumulated gradient and hessian sum of its thresholds; it scores each
///    block's last threshold exactly (the sample that sets the leaf's bar).
/// 2. ``scanPair(_:summary:sums:parameters:bar:)`` bounds each block's gains from its summary and
///    replays only the blocks whose bound could reach the bar, from their stored sums, with exactly
///    the reference scan's arithmetic and decisions.
///
/// Why the bound holds, to the bit: a threshold's gain is `T(og)²/(oh + l2) + T(ag)²/(ah + l2)`
/// (`og = G − ag`, `oh = H − ah`), and each rounded operation is monotone in its inputs. Over a
/// block, |T(ag)| ≤ max(|min ag|, |max ag|), |og| ≤ the larger of |G − min ag| and |G − max ag|,
/// and a threshold that may be taken has `ah ≥ max(min ah, min_sum_hessian)` and
/// `oh ≥ max(H − max ah, min_sum_hessian)` (with every hessian 1, also about `min_data_in_leaf`:
/// see `Limits.bound`); the same rounded formula on those extremes is therefore
/// at least every threshold's rounded gain. A block is skipped only when its bound, less the leaf's
/// shift, is strictly below the bar, itself a gain some threshold of the leaf scores (less the
/// same shift): nothing in it can win or tie. The replayed sums are the same additions in the same
/// order, so a threshold that is scored gets the reference's bits.
///
/// The lanes move in lockstep, so a lane cannot skip its empty bins; it adds them instead. That
/// changes nothing: an empty bin's sums are ±0 and adding ±0 to a sum that is never −0 leaves it
/// as it was, so the threshold after an empty bin has the previous threshold's sums, hence its
/// decisions and its gain, which cannot beat the best (a better threshold needs a strictly higher
/// gain). A lane that meets the reference's `break` (the other side too small, accumulated side
/// not) is dead from there on.
extension SplitFinder {
    typealias Lanes = SIMD2<Double>

    /// Thresholds per block of a bounded scan.
    static let blockSize = 16
    /// `Lanes` per block record: start sums (gradient, hessian, count), alive (1 or 0), and the
    /// bound of the block's gains (−∞ where no threshold of it can be taken).
    static let recordWidth = 5

    /// The two features a pair scan reads (the same one twice for a lone feature).
    struct PairScan {
        var first: UnsafePointer<Double>
        var second: UnsafePointer<Double>
        /// Doubles per bin: 2 (`[gradient, count]`, every hessian 1) or 3 and more.
        var entry: Int
        var binCount: Int
        var hasNaNBin: Bool
        var features: (Int, Int)

        var naAsMissing: Bool { hasNaNBin && binCount > 2 }
        /// Thresholds in the reverse scan (and in the forward one, when NaN is missing).
        var reverseSteps: Int { binCount - 1 - (naAsMissing ? 1 : 0) }
        var forwardSteps: Int { naAsMissing ? binCount - 1 : 0 }

        /// `Lanes` this pair's summary takes.
        /// - Complexity: O(1).
        var summaryLength: Int {
            let blocks = { (steps: Int) in steps > 0 ? (steps + blockSize - 1) / blockSize + 1 : 0 }
            return (blocks(reverseSteps) + blocks(forwardSteps)) * recordWidth
        }
    }

    /// The leaf's totals and the gain a split must beat.
    struct LeafSums {
        var gradient: Double
        var hessian: Double
        var count: Int
        /// The unsplit leaf's gain plus `min_gain_to_split`.
        var shift: Double

        init(gradient: Double, hessian: Double, count: Int, parameters p: SplitParameters) {
            self.gradient = gradient
            self.hessian = hessian
            self.count = count
            shift = p.leafGain(sumGradient: gradient, sumHessian: hessian) + p.minGainToSplit
        }
    }

    /// Pass 1: writes `pair`'s block summary to `out` (`pair.summaryLength` lanes).
    /// - Returns: Per lane, the highest gain of the sampled thresholds that may be taken (−∞ if none).
    /// - Complexity: O(bins), one pass of additions; one gain per block.
    static func summarizePair(
        _ pair: PairScan, into out: UnsafeMutablePointer<Lanes>, sums: LeafSums, parameters p: SplitParameters
    ) -> Lanes {
        if pair.entry == 2 { return summarize(pair, entry: 2, unitHessian: true, into: out, sums: sums, parameters: p) }
        return summarize(pair, entry: pair.entry, unitHessian: false, into: out, sums: sums, parameters: p)
    }

    /// Pass 2: both features' best thresholds (`first` first) among the blocks that can reach
    /// `bar` (a sampled gain less the shift; −∞ replays every live block).
    /// - Complexity: O(blocks) plus O(block size) per replayed block.
    static func scanPair(
        _ pair: PairScan, summary: UnsafePointer<Lanes>, sums: LeafSums, parameters p: SplitParameters, bar: Double
    ) -> (SplitInfo, SplitInfo) {
        if pair.entry == 2 {
            return replay(pair, entry: 2, unitHessian: true, summary: summary, sums: sums, parameters: p, bar: bar)
        }
        return replay(pair, entry: pair.entry, unitHessian: false, summary: summary, sums: sums, parameters: p, bar: bar)
    }

    /// Both features' best thresholds, every live block replayed (no bar): the reference scan's
    /// `SplitInfo`s, to the bit.
    static func bestThresholdsWithoutL1(
        _ pair: PairScan, sumGradient: Double, sumHessian: Double, count: Int, parameters p: SplitParameters
    ) -> (SplitInfo, SplitInfo) {
        let sums = LeafSums(gradient: sumGradient, hessian: sumHessian, count: count, parameters: p)
        let summary = UnsafeMutablePointer<Lanes>.allocate(capacity: pair.summaryLength)
        defer { summary.deallocate() }
        _ = summarizePair(pair, into: summary, sums: sums, parameters: p)
        return scanPair(pair, summary: summary, sums: sums, parameters: p, bar: -.infinity)
    }

    /// The per-lane limits and helpers both passes share.
    private struct Limits {
        /// `min_data_in_leaf` and `min_sum_hessian_in_leaf`, in both lanes.
        let (minData, minHessian): (Lanes, Lanes)
        /// The leaf's count, gradient sum and hessian sum, in both lanes.
        let (total, leafGradient, leafHessian): (Lanes, Lanes, Lanes)
        let l2: Double
        /// Every hessian is 1 and the leaf's count is below ``exactCounts``: `bound` may take
        /// `min_data_in_leaf` as a floor of the hessian sums.
        let countFloors: Bool

        /// Counts below 2^26: the other side's `H − ah` stays within far less than 1 of its count.
        static let exactCounts = 1 << 26

        init(sums: LeafSums, parameters p: SplitParameters, unitHessian: Bool) {
            (minData, minHessian) = (Lanes(repeating: Double(p.minDataInLeaf)), Lanes(repeating: p.minSumHessianInLeaf))
            (total, leafGradient, leafHessian) = (
                Lanes(repeating: Double(sums.count)), Lanes(repeating: sums.gradient), Lanes(repeating: sums.hessian)
            )
            l2 = p.lambdaL2
            countFloors = unitHessian && sums.count < Self.exactCounts
        }

        /// The accumulated side too small to be a leaf.
        @inline(__always)
        func short(_ ac: Lanes, _ ah: Lanes) -> SIMDMask<SIMD2<Int64>> { (ac .< minData) .| (ah .< minHessian) }

        /// The other side too small to be a leaf.
        @inline(__always)
        func otherShort(_ ac: Lanes, _ ah: Lanes) -> SIMDMask<SIMD2<Int64>> {
            ((total - ac) .< minData) .| ((leafHessian - ah) .< minHessian)
        }

        /// At least the gain of every threshold of a block that may be taken, given the extremes of
        /// its accumulated gradient and hessian sums (see the type's comment for why, to the bit).
        ///
        /// With every hessian 1 a side's hessian sum is its count plus at most a rounding residue
        /// (the sums start at `epsilon` ≥ 0 and add whole counts, so the accumulated one is at
        /// least the count; the other side's `H − ah` is within far less than 1 of its count while
        /// counts stay below 2^26), so a side that may be taken has at least `min_data_in_leaf`
        /// (accumulated) or `min_data_in_leaf − 1` (other) of hessian: the blocks where a side
        /// is only starting to be large enough are bounded by what it needs, not by their first
        /// threshold's few rows.
        @inline(__always)
        func bound(minG: Lanes, maxG: Lanes, minH: Lanes, maxH: Lanes) -> Lanes {
            let zero = Lanes.zero
            let most = larger(magnitude(minG), magnitude(maxG))
            let mostOther = larger(magnitude(leafGradient - minG), magnitude(leafGradient - maxG))
            var fewest = larger(larger(minH, minHessian), zero)
            var fewestOther = larger(larger(leafHessian - maxH, minHessian), zero)
            if countFloors {
                fewest = larger(fewest, minData)
                fewestOther = larger(fewestOther, minData - Lanes(repeating: 1))
            }
            return squaresOverHessians(mostOther, fewestOther, l2: l2) + squaresOverHessians(most, fewest, l2: l2)
        }

        /// A threshold's gain from its accumulated sums, sides added in the reference's order.
        @inline(__always)
        func gain(_ ag: Lanes, _ ah: Lanes, reverse: Bool) -> Lanes {
            let og = leafGradient - ag
            let oh = leafHessian - ah
            return reverse
                ? squaresOverHessians(og, oh, l2: l2) + squaresOverHessians(ag, ah, l2: l2)
                : squaresOverHessians(ag, ah, l2: l2) + squaresOverHessians(og, oh, l2: l2)
        }
    }

    /// Lane-wise `max` without branches (NaN in `a` gives `b`).
    @inline(__always)
    private static func larger(_ a: Lanes, _ b: Lanes) -> Lanes { b.replacing(with: a, where: a .> b) }

    /// Lane-wise `|x|` (−0 stays −0, which the soft threshold sends to 0 anyway).
    @inline(__always)
    private static func magnitude(_ x: Lanes) -> Lanes { x.replacing(with: -x, where: x .< 0) }

    @inline(__always)
    private static func load(
        _ pair: PairScan, _ bin: Int, entry s: Int, unitHessian: Bool
    ) -> (g: Lanes, c: Lanes, h: Lanes) {
        let (a, b) = (pair.first, pair.second)
        let c = Lanes(a[s &* bin &+ 1], b[s &* bin &+ 1])
        let h = unitHessian ? c : Lanes(a[s &* bin &+ 2], b[s &* bin &+ 2])
        return (Lanes(a[s &* bin], b[s &* bin]), c, h)
    }

    /// The bins of one direction: the reverse scan accumulates the right side from the top real
    /// bin down (NaN stays left; threshold = bin − 1), the forward one the left side from bin 0 up
    /// (NaN right; threshold = bin).
    @inline(__always)
    private static func bin(step: Int, reverse: Bool, pair: PairScan) -> Int {
        reverse ? pair.reverseSteps &- step : step
    }

    @inline(__always)
    private static func summarize(
        _ pair: PairScan, entry s: Int, unitHessian: Bool, into out: UnsafeMutablePointer<Lanes>, sums: LeafSums,
        parameters p: SplitParameters
    ) -> Lanes {
        let limits = Limits(sums: sums, parameters: p, unitHessian: unitHessian)
        var sampled = Lanes(repeating: -.infinity)
        var record = out
        @inline(__always)
        func direction(steps: Int, reverse: Bool) {
            guard steps > 0 else { return }
            var ag = Lanes.zero
            var ah = Lanes(repeating: epsilon)
            var ac = Lanes.zero
            var alive = SIMDMask<SIMD2<Int64>>(repeating: true)
            var step = 0
            while true {
                record[0] = ag
                record[1] = ah
                record[2] = ac
                record[3] = Lanes.zero.replacing(with: 1, where: alive)
                if step == steps { break }
                let end = min(steps, step &+ blockSize)
                var minG = Lanes(repeating: .infinity)
                var maxG = Lanes(repeating: -.infinity)
                var minH = Lanes(repeating: .infinity)
                var maxH = Lanes(repeating: -.infinity)
                while step < end {
                    let (g, c, h) = load(pair, bin(step: step, reverse: reverse, pair: pair), entry: s, unitHessian: unitHessian)
                    ag += g
                    ah += h
                    ac += c
                    minG.replace(with: ag, where: ag .< minG)
                    maxG.replace(with: ag, where: ag .> maxG)
                    if !unitHessian {
                        minH.replace(with: ah, where: ah .< minH)
                        maxH.replace(with: ah, where: ah .> maxH)
                        alive .&= limits.short(ac, ah) .| .!limits.otherShort(ac, ah)
                    }
                    step &+= 1
                }
                let short = limits.short(ac, ah)
                let otherShort = limits.otherShort(ac, ah)
                if unitHessian {
                    // Sums only grow: the block's hessians run from its first threshold to its last,
                    // and a lane that died inside the block is short-free and other-short at its end.
                    minH = record[1]
                    maxH = ah
                }
                // Nothing to take where the lane was dead from the start or every threshold is short.
                let open = (record[3] .!= Lanes.zero) .& .!((ac .< limits.minData) .| (maxH .< limits.minHessian))
                if unitHessian { alive .&= short .| .!otherShort }
                record[4] = Lanes(repeating: -.infinity)
                if any(open) {
                    record[4].replace(with: limits.bound(minG: minG, maxG: maxG, minH: minH, maxH: maxH), where: open)
                    let valid = alive .& .!short .& .!otherShort
                    if any(valid) {
                        let gain = limits.gain(ag, ah, reverse: reverse)
                        sampled.replace(with: gain, where: valid .& (gain .> sampled))
                    }
                }
                record += recordWidth
                if !any(alive) {
                    // Both lanes dead for good: the remaining blocks hold nothing (no sums needed).
                    while step < steps {
                        record[3] = Lanes.zero
                        record[4] = Lanes(repeating: -.infinity)
                        record += recordWidth
                        step = min(steps, step &+ blockSize)
                    }
                    record[3] = Lanes.zero
                    break
                }
            }
            record += recordWidth
        }
        direction(steps: pair.reverseSteps, reverse: true)
        direction(steps: pair.forwardSteps, reverse: false)
        return sampled
    }

    @inline(__always)
    private static func replay(
        _ pair: PairScan, entry s: Int, unitHessian: Bool, summary: UnsafePointer<Lanes>, sums: LeafSums,
        parameters p: SplitParameters, bar: Double
    ) -> (SplitInfo, SplitInfo) {
        let limits = Limits(sums: sums, parameters: p, unitHessian: unitHessian)
        let shift = Lanes(repeating: sums.shift)
        let barLanes = Lanes(repeating: bar)
        let zero = Lanes.zero
        var best = (SplitInfo(), SplitInfo())
        var bestGain = Lanes(repeating: -.infinity)
        var record = summary
        @inline(__always)
        func direction(steps: Int, reverse: Bool) {
            guard steps > 0 else { return }
            var step = 0
            while step < steps {
                defer { record += recordWidth }
                let end = min(steps, step &+ blockSize)
                let first = step
                step = end
                let start = record
                // Keep a lane unless its bound, shifted, is strictly below the bar or below the
                // lane's own best so far, which the leaf's best will be at least (NaN keeps it).
                let raised = barLanes.replacing(with: bestGain - shift, where: (bestGain - shift) .> barLanes)
                let keep = (start[3] .!= zero) .& .!((start[4] - shift) .< raised)
                guard any(keep) else { continue }
                var ag = start[0]
                var ah = start[1]
                var ac = start[2]
                var alive = start[3] .!= zero
                for k in first..<end {
                    let bin = bin(step: k, reverse: reverse, pair: pair)
                    let (g, c, h) = load(pair, bin, entry: s, unitHessian: unitHessian)
                    ag += g
                    ah += h
                    ac += c
                    let short = limits.short(ac, ah)
                    alive .&= short .| .!limits.otherShort(ac, ah)
                    if !any(alive) { break }
                    let gain = limits.gain(ag, ah, reverse: reverse)
                    let taken = keep .& alive .& .!short .& .!(gain .<= shift) .& (gain .> bestGain)
                    guard any(taken) else { continue }
                    bestGain.replace(with: gain, where: taken)
                    let og = limits.leafGradient - ag
                    let oh = limits.leafHessian - ah
                    let oc = limits.total - ac
                    let threshold = reverse ? bin &- 1 : bin
                    for lane in 0..<2 where taken[lane] {
                        let accumulated = (ag[lane], ah[lane], Int(ac[lane]))
                        let other = (og[lane], oh[lane], Int(oc[lane]))
                        let (left, right) = reverse ? (other, accumulated) : (accumulated, other)
                        if lane == 0 {
                            best.0.take(feature: pair.features.0, threshold: threshold, defaultLeft: reverse, left: left, right: right)
                        } else {
                            best.1.take(feature: pair.features.1, threshold: threshold, defaultLeft: reverse, left: left, right: right)
                        }
                    }
                }
            }
            record += recordWidth
        }
        direction(steps: pair.reverseSteps, reverse: true)
        direction(steps: pair.forwardSteps, reverse: false)
        let nanBinAlone = pair.hasNaNBin && !pair.naAsMissing
        best.0.finish(bestGain: bestGain[0], minGainShift: sums.shift, nanBinAlone: nanBinAlone, parameters: p)
        best.1.finish(bestGain: bestGain[1], minGainShift: sums.shift, nanBinAlone: nanBinAlone, parameters: p)
        return best
    }
}
