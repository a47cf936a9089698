/// A leaf's best split without L1 over all its features, in the pair scan's two passes
/// (`SplitScan+Pair.swift`): every pair's block summary first, which also samples one gain per
/// block; the best sample, less the leaf's shift, is the bar; then each pair replays only the
/// blocks whose bound reaches the bar, which rises to every better split found on the way (the
/// pair with the best sample first). The result is the reference's: the bar is a gain some
/// threshold scores, so a skipped block holds nothing that could win or tie, and LightGBM's order
/// (higher gain, then lower feature) does not depend on the order features are looked at.
extension SplitFinder {
    /// One feature of a leaf: its histogram entries and bin layout.
    struct FeatureSlot {
        var feature: Int
        var entries: UnsafePointer<Double>
        var binCount: Int
        var hasNaNBin: Bool
    }

    /// Reusable storage for one leaf's summaries (one per thread that finds splits).
    final class ScanScratch {
        private(set) var summaries: UnsafeMutablePointer<Lanes>
        private var capacity: Int
        var pairs: [(scan: PairScan, offset: Int)] = []

        init() {
            capacity = 1024
            summaries = .allocate(capacity: capacity)
        }

        deinit { summaries.deallocate() }

        /// Makes room for `length` lanes (contents are not kept).
        func reserve(_ length: Int) {
            guard length > capacity else { return }
            summaries.deallocate()
            capacity = max(length, 2 * capacity)
            summaries = .allocate(capacity: capacity)
        }
    }

    /// The best split among `slots` (ascending features; consecutive ones with the same bin count
    /// and NaN bin are scanned as a pair), each histogram `entry` doubles per bin.
    /// - Complexity: O(features × bins) additions, plus O(block size) per block whose bound reaches
    ///   the bar (about 1 % of blocks on BTCEUR's folds).
    static func bestSplitWithoutL1(
        _ slots: [FeatureSlot], entry: Int, sums: LeafSums, parameters p: SplitParameters, scratch: ScanScratch
    ) -> SplitInfo {
        scratch.pairs.removeAll(keepingCapacity: true)
        var length = 0
        var position = 0
        while position < slots.count {
            let a = slots[position]
            var b = a
            if position + 1 < slots.count, slots[position + 1].binCount == a.binCount,
                slots[position + 1].hasNaNBin == a.hasNaNBin
            {
                b = slots[position + 1]
                position += 2
            } else {
                position += 1
            }
            let scan = PairScan(
                first: a.entries, second: b.entries, entry: entry, binCount: a.binCount, hasNaNBin: a.hasNaNBin,
                features: (a.feature, b.feature))
            scratch.pairs.append((scan, length))
            length += scan.summaryLength
        }
        guard !scratch.pairs.isEmpty else { return SplitInfo() }
        scratch.reserve(length)
        var sampled = -Double.infinity
        var leader = 0
        for (k, (scan, offset)) in scratch.pairs.enumerated() {
            let best = summarizePair(scan, into: scratch.summaries + offset, sums: sums, parameters: p).max()
            if best > sampled {
                sampled = best
                leader = k
            }
        }
        // The pair holding the best sample goes first; then the others in order. The bar rises to
        // each best found: that split is a candidate the leaf's best will match. (LightGBM's order
        // between splits does not depend on the order pairs are looked at.)
        var bar = sampled - sums.shift
        var best = SplitInfo()
        for k in -1..<scratch.pairs.count where k != leader {
            let (scan, offset) = scratch.pairs[k < 0 ? leader : k]
            let (first, second) = scanPair(scan, summary: scratch.summaries + offset, sums: sums, parameters: p, bar: bar)
            if first.isBetter(than: best) { best = first }
            if scan.features.1 != scan.features.0, second.isBetter(than: best) { best = second }
            if best.isValid && best.gain > bar { bar = best.gain }
        }
        return best
    }
}
