/// Maps one numerical feature's values to bins, as LightGBM's `BinMapper::FindBin`
/// (`src/io/bin.cpp`): zero gets a bin of its own (`FindBinWithZeroAsOneBin`), negatives and
/// positives share the other bins by their counts (`GreedyFindBin`), and when the sample holds
/// NaN the last bin is reserved for it.
public struct BinMapper: Sendable, Equatable {
    /// Upper bound of each bin: a value goes to the first bin whose bound is `>=` it. The last
    /// real bin's bound is `+inf`; with `missingType == .nan` a final NaN bin follows.
    public let upperBounds: [Double]
    /// `.nan` when the sample held NaN (then NaN has its own last bin), else `.none`.
    public let missingType: DecisionType.MissingType
    /// Smallest and largest sampled value (zero included when present), for `feature_infos`.
    public let minValue: Double
    public let maxValue: Double
    /// Whether the feature cannot be split (one bin, or no bin boundary leaves
    /// `minDataInLeaf` rows on both sides), as LightGBM's `is_trivial_`.
    public private(set) var isTrivial: Bool
    /// Sampled rows in each bin (the NaN bin: the NaN count), what the trivial-feature filter counts.
    let rowsPerBin: [Int]
    /// Rows sampled.
    let sampleSize: Int

    /// Number of bins, the NaN bin included.
    public var binCount: Int { upperBounds.count }

    /// The bin holding NaN, if any.
    public var nanBin: Int? { missingType == .nan ? upperBounds.count - 1 : nil }

    /// Builds the bins from sampled values of one feature.
    /// - Parameters:
    ///   - sample: sampled values (any order; NaN allowed; zeros included).
    ///   - maxBin: bin budget, NaN bin included.
    ///   - minDataInBin: minimum sampled rows per bin.
    ///   - minSplitData: LightGBM's `min_data_in_leaf` filter for trivial features.
    /// - Complexity: O(n log n) in the sample size.
    public init(sample: [Double], maxBin: Int, minDataInBin: Int, minSplitData: Int) {
        precondition(maxBin >= 2, "BinMapper.init: maxBin \(maxBin) < 2")
        let total = sample.count
        var values: [Double] = []
        values.reserveCapacity(total)
        var nanCount = 0
        for v in sample {
            if v.isNaN {
                nanCount += 1
            } else if abs(v) > DecisionType.zeroThreshold {
                values.append(v)
            }
        }
        let missing: DecisionType.MissingType = nanCount > 0 ? .nan : .none
        let zeroCount = total - values.count - nanCount
        values.sort()

        // Distinct values and counts, with zero inserted in order (LightGBM FindBin).
        var distinct: [Double] = []
        var counts: [Int] = []
        if values.isEmpty || (values[0] > 0 && zeroCount > 0) {
            distinct.append(0)
            counts.append(zeroCount)
        }
        if let first = values.first {
            distinct.append(first)
            counts.append(1)
        }
        if values.count > 1 {
            for i in 1..<values.count {
                if !Self.equalOrdered(values[i - 1], values[i]) {
                    if values[i - 1] < 0 && values[i] > 0 {
                        distinct.append(0)
                        counts.append(zeroCount)
                    }
                    distinct.append(values[i])
                    counts.append(1)
                } else {
                    distinct[distinct.count - 1] = values[i]
                    counts[counts.count - 1] += 1
                }
            }
        }
        if let last = values.last, last < 0, zeroCount > 0 {
            distinct.append(0)
            counts.append(zeroCount)
        }
        minValue = distinct.first ?? 0
        maxValue = distinct.last ?? 0

        var bounds: [Double]
        if missing == .nan {
            bounds = Self.findBinWithZeroAsOneBin(
                distinct, counts, maxBin: maxBin - 1, totalCount: total - nanCount, minDataInBin: minDataInBin)
            bounds.append(.nan)
        } else {
            bounds = Self.findBinWithZeroAsOneBin(
                distinct, counts, maxBin: maxBin, totalCount: total, minDataInBin: minDataInBin)
        }
        upperBounds = bounds
        missingType = missing

        // Rows per bin, for the trivial-feature filter (LightGBM NeedFilter).
        var perBin = [Int](repeating: 0, count: bounds.count)
        var b = 0
        for (v, c) in zip(distinct, counts) {
            if v > bounds[b] { b += 1 }
            perBin[b] += c
        }
        if missing == .nan { perBin[bounds.count - 1] = nanCount }
        rowsPerBin = perBin
        sampleSize = total
        isTrivial = Self.isTrivial(rowsPerBin: perBin, total: total, minSplitData: minSplitData)
    }

    /// LightGBM's `NeedFilter`: one bin, or no bin boundary leaves `minSplitData` sampled rows on
    /// both sides.
    /// - Complexity: O(bins).
    static func isTrivial(rowsPerBin: [Int], total: Int, minSplitData: Int) -> Bool {
        guard rowsPerBin.count > 1 else { return true }
        var left = 0
        for i in 0..<(rowsPerBin.count - 1) {
            left += rowsPerBin[i]
            if left >= minSplitData && total - left >= minSplitData { return false }
        }
        return true
    }

    /// The same bins with the trivial-feature filter of another `min_data_in_leaf` (what
    /// `init(sample:maxBin:minDataInBin:minSplitData:)` gives with `minSplitData`).
    /// - Complexity: O(bins).
    func filtered(minSplitData: Int) -> BinMapper {
        var copy = self
        copy.isTrivial = Self.isTrivial(
            rowsPerBin: rowsPerBin, total: sampleSize, minSplitData: minSplitData)
        return copy
    }

    /// The bin of `value` (LightGBM `ValueToBin`): NaN goes to the NaN bin, or is read as 0.
    /// - Complexity: O(log bins).
    @inline(__always)
    public func bin(of value: Double) -> Int {
        upperBounds.withUnsafeBufferPointer { Self.bin(of: value, bounds: $0, hasNaNBin: missingType == .nan) }
    }

    @inline(__always)
    static func bin(of value: Double, bounds: UnsafeBufferPointer<Double>, hasNaNBin: Bool) -> Int {
        var v = value
        if v.isNaN {
            if hasNaNBin { return bounds.count - 1 }
            v = 0
        }
        // First bin whose bound is >= v (the last real bound is +inf), as LightGBM's binary
        // search, written without data-dependent branches.
        var base = 0
        var length = bounds.count - (hasNaNBin ? 1 : 0)
        while length > 1 {
            let half = length >> 1
            base = bounds[base &+ half &- 1] < v ? base &+ half : base
            length -= half
        }
        return base
    }

    /// LightGBM's `feature_infos` entry: `[min:max]`, or `none` for a trivial feature.
    public var featureInfo: String {
        isTrivial ? "none" : "[\(NumberFormat.roundTrip(minValue)):\(NumberFormat.roundTrip(maxValue))]"
    }

    /// The threshold written for a split after `bin`: its upper bound (`inf` for the last real
    /// bin, as LightGBM 4.x writes it).
    public func threshold(ofBin bin: Int) -> Double {
        let v = upperBounds[bin]
        return v.isNaN ? 0 : v
    }

    // MARK: LightGBM's bin-finding helpers

    /// `Common::CheckDoubleEqualOrdered`: `b <= nextafter(a, +inf)`.
    static func equalOrdered(_ a: Double, _ b: Double) -> Bool { b <= a.nextUp }

    static func greedyFindBin(
        _ distinct: ArraySlice<Double>, _ counts: ArraySlice<Int>, maxBin maxBinIn: Int, totalCount: Int,
        minDataInBin: Int
    ) -> [Double] {
        let dv = Array(distinct)
        let cn = Array(counts)
        let n = dv.count
        var bounds: [Double] = []
        var maxBin = maxBinIn
        if n <= maxBin {
            var inBin = 0
            for i in 0..<max(0, n - 1) {
                inBin += cn[i]
                if inBin >= minDataInBin {
                    let val = ((dv[i] + dv[i + 1]) / 2.0).nextUp
                    if bounds.isEmpty || !equalOrdered(bounds[bounds.count - 1], val) {
                        bounds.append(val)
                        inBin = 0
                    }
                }
            }
            bounds.append(.infinity)
            return bounds
        }
        if minDataInBin > 0 {
            maxBin = max(1, min(maxBin, totalCount / minDataInBin))
        }
        var meanBinSize = Double(totalCount) / Double(maxBin)
        var restBinCount = maxBin
        var restSampleCount = totalCount
        var isBig = [Bool](repeating: false, count: n)
        for i in 0..<n where Double(cn[i]) >= meanBinSize {
            isBig[i] = true
            restBinCount -= 1
            restSampleCount -= cn[i]
        }
        meanBinSize = Double(restSampleCount) / Double(restBinCount)
        var upper = [Double](repeating: .infinity, count: maxBin)
        var lower = [Double](repeating: .infinity, count: maxBin)
        var binCount = 0
        lower[0] = dv[0]
        var inBin = 0
        for i in 0..<(n - 1) {
            if !isBig[i] { restSampleCount -= cn[i] }
            inBin += cn[i]
            let half = meanBinSize * 0.5
            if isBig[i] || Double(inBin) >= meanBinSize || (isBig[i + 1] && Double(inBin) >= max(1.0, half)) {
                upper[binCount] = dv[i]
                binCount += 1
                lower[binCount] = dv[i + 1]
                if binCount >= maxBin - 1 { break }
                inBin = 0
                if !isBig[i] {
                    restBinCount -= 1
                    meanBinSize = Double(restSampleCount) / Double(restBinCount)
                }
            }
        }
        binCount += 1
        for i in 0..<(binCount - 1) {
            let val = ((upper[i] + lower[i + 1]) / 2.0).nextUp
            if bounds.isEmpty || !equalOrdered(bounds[bounds.count - 1], val) {
                bounds.append(val)
            }
        }
        bounds.append(.infinity)
        return bounds
    }

    static func findBinWithZeroAsOneBin(
        _ distinct: [Double], _ counts: [Int], maxBin: Int, totalCount: Int, minDataInBin: Int
    ) -> [Double] {
        let z = DecisionType.zeroThreshold
        var leftData = 0
        var zeroData = 0
        var rightData = 0
        for (v, c) in zip(distinct, counts) {
            if v <= -z { leftData += c } else if v > z { rightData += c } else { zeroData += c }
        }
        let n = distinct.count
        var leftCount = distinct.firstIndex { $0 > -z } ?? -1
        if leftCount < 0 { leftCount = n }
        var bounds: [Double] = []
        if leftCount > 0 && maxBin > 1 {
            let leftMaxBin = max(1, Int(Double(leftData) / Double(totalCount - zeroData) * Double(maxBin - 1)))
            bounds = greedyFindBin(
                distinct[0..<leftCount], counts[0..<leftCount], maxBin: leftMaxBin, totalCount: leftData,
                minDataInBin: minDataInBin)
            if !bounds.isEmpty { bounds[bounds.count - 1] = -z }
        }
        var rightStart = -1
        for i in leftCount..<n where distinct[i] > z {
            rightStart = i
            break
        }
        let rightMaxBin = maxBin - 1 - bounds.count
        if rightStart >= 0 && rightMaxBin > 0 {
            let right = greedyFindBin(
                distinct[rightStart...], counts[rightStart...], maxBin: rightMaxBin, totalCount: rightData,
                minDataInBin: minDataInBin)
            bounds.append(z)
            bounds.append(contentsOf: right)
        } else {
            bounds.append(.infinity)
        }
        return bounds
    }
}
