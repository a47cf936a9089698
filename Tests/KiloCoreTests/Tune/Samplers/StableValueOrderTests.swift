import Foundation
import Testing

@testable import KiloCore

@Suite struct StableValueOrderTests {
    /// What the estimator used before: Swift's stable sort of (value, position) on `<`.
    private func reference(_ values: [Double]) -> [Int] {
        values.indices.map { (values[$0], $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    @Test func equalsAStableComparisonSort() {
        var random = SplitMix64(seed: 7)
        for n in [0, 1, 2, 3, 17, 256, 1000] {
            // Ties (whole numbers), both signs, both zeros, tiny and huge magnitudes.
            let values = (0..<n).map { _ -> Double in
                switch random.next() % 6 {
                case 0: Double(Int(random.next() % 9) - 4)
                case 1: -0.0
                case 2: 0.0
                case 3: random.nextGaussian() * 1e-300
                case 4: random.nextGaussian() * 1e300
                default: random.nextGaussian()
                }
            }
            #expect(StableValueOrder.of(values) == reference(values), "n = \(n)")
        }
    }

    @Test func bucketAndRadixSortsEachEqualTheReference() throws {
        var random = SplitMix64(seed: 19)
        // Spread, clustered (most values in a few buckets: the comparison sort of a big bucket),
        // ties, both zeros and a wide range.
        let spread = (0..<976).map { _ in random.nextUnit() * 3 - 1 }
        let clustered = (0..<976).map { index in
            index % 50 == 0 ? random.nextUnit() * 100 : 0.37 + random.nextGaussian() * 1e-4
        }
        let ties = (0..<500).map { _ in Double(random.next() % 7) * 0.25 - 0.75 }
        let zeros = (0..<64).map { (index: Int) -> Double in
            switch index % 3 {
            case 0: -0.0
            case 1: 0.0
            default: Double(index % 5) - 2
            }
        }
        let wide = (0..<300).map { _ in random.nextGaussian() * 1e300 }
        for (name, values) in [("spread", spread), ("clustered", clustered), ("ties", ties), ("zeros", zeros), ("wide", wide)] {
            let buckets = try #require(StableValueOrder.byBuckets(values), "\(name)")
            #expect(buckets == reference(values), "\(name)")
            #expect(StableValueOrder.byRadix(values) == reference(values), "\(name)")
        }
        // A range too narrow for a finite scale, and NaN: the radix sort's job.
        let tiny = (0..<10).map { Double($0) * 1e-320 }
        #expect(StableValueOrder.byBuckets(tiny) == nil)
        #expect(StableValueOrder.of(tiny) == reference(tiny))
        #expect(StableValueOrder.byBuckets([1, .nan, 0]) == nil)
        #expect(StableValueOrder.byBuckets([2, 2, -0.0 + 2]) == [0, 1, 2])
    }

    @Test func narrowRangesSkipNoNeededPass() {
        // Values that share their top bytes (one exponent) still order on the low ones.
        let values = (0..<300).map { 1 + Double(($0 * 7919) % 300) * 1e-12 }
        #expect(StableValueOrder.of(values) == reference(values))
        #expect(StableValueOrder.byRadix(values) == reference(values))
    }

    @Test func runsSharingTheTopBitsOrderOnTheLowOnes() {
        // Short runs (insertion) and long runs (comparison sort) of keys equal in their top 32
        // bits, mixed with exact ties and values elsewhere.
        var random = SplitMix64(seed: 11)
        var values: [Double] = []
        for group in 0..<40 {
            let base = Double(group % 7) + 0.5
            let size = group % 3 == 0 ? 30 : 1 + group % 5
            for _ in 0..<size {
                values.append(random.next() % 4 == 0 ? base : base + Double(random.next() % 1000) * 1e-13)
            }
        }
        for index in values.indices.reversed() where index % 3 == 0 { values.swapAt(index, Int(random.next() % UInt64(index + 1))) }
        #expect(StableValueOrder.of(values) == reference(values))
        #expect(StableValueOrder.byRadix(values) == reference(values))
    }

    @Test func wholeNumbersSortByCounting() throws {
        var random = SplitMix64(seed: 5)
        for n in [0, 1, 2, 50, 1000] {
            let values = (0..<n).map { _ in Double(Int(random.next() % 21) - 10) }
            let order = try #require(StableValueOrder.ofIntegers(values, low: -10, high: 10))
            #expect(order == reference(values), "n = \(n)")
            #expect(order == StableValueOrder.of(values))
        }
        let logInts = (0..<300).map { _ in Double(1 + random.next() % 64) }
        #expect(StableValueOrder.ofIntegers(logInts, low: 1, high: 64) == reference(logInts.map { Foundation.log($0) }))
    }

    @Test func integerSortDeclinesWideRangesAndOtherValues() {
        #expect(StableValueOrder.ofIntegers([1, 2, 3], low: 0, high: 1_000_000) == nil)
        #expect(StableValueOrder.ofIntegers([1, 2.5], low: 0, high: 10) == nil)
        #expect(StableValueOrder.ofIntegers([1, 11], low: 0, high: 10) == nil)
        #expect(StableValueOrder.ofIntegers([1, 2], low: 3, high: 0) == nil)
        #expect(StableValueOrder.ofIntegers([], low: 0, high: 10) == [])
    }
}
