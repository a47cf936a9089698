/// `SplitFinder.bestThreshold` when `lambda_l1` is 0 (the default, and what `tune`'s default space
/// leaves alone): the reference scan's thresholds, arithmetic and decisions, so the same
/// `SplitInfo` to the bit, only cheaper:
/// - with no L1 the soft threshold is the identity (or 0 where the sum is ±0 or NaN), and a side's
///   `T(G)² / (H + l2)` is one lane of a two-lane division (``squaresOverHessians(_:_:l2:)``);
/// - counts are summed as doubles (the histogram holds them as exact integers), with no
///   conversion per bin;
/// - the scan runs as the pair scan (`SplitScan+Pair.swift`) with the feature in both lanes; a
///   leaf's features are scanned in pairs, and most of their blocks of thresholds are bounded
///   away without scoring them (`SplitScan+Leaf.swift`).
extension SplitFinder {
    /// `T(G)²/(H + l2)` lane by lane, `T` the identity but ±0 and NaN sent to 0: one side of a
    /// threshold's gain for each of two features (or the two extremes of a block's bound).
    @inline(__always)
    static func squaresOverHessians(_ g: SIMD2<Double>, _ h: SIMD2<Double>, l2: Double) -> SIMD2<Double> {
        let t = g.replacing(with: 0, where: .!((g .> 0) .| (g .< 0)))
        return (t * t) / (h + SIMD2(repeating: l2))
    }

    /// One feature's best threshold without L1: the pair scan with the feature in both lanes.
    static func bestThresholdWithoutL1(
        entries e: UnsafePointer<Double>, entry: Int, binCount: Int, hasNaNBin: Bool, feature: Int,
        sumGradient: Double, sumHessian: Double, count: Int, parameters p: SplitParameters
    ) -> SplitInfo {
        let pair = PairScan(
            first: e, second: e, entry: entry, binCount: binCount, hasNaNBin: hasNaNBin, features: (feature, feature))
        return bestThresholdsWithoutL1(pair, sumGradient: sumGradient, sumHessian: sumHessian, count: count, parameters: p).0
    }
}
