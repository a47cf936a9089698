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

    @Test func narrowRangesSkipNoNeededPass() {
        // Values that share their top bytes (one exponent) still order on the low ones.
        let values = (0..<300).map { 1 + Double(($0 * 7919) % 300) * 1e-12 }
        #expect(StableValueOrder.of(values) == reference(values))
    }
}
