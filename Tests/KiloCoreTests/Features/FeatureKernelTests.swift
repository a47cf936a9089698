import Testing

@testable import KiloCore

@Suite struct FeatureKernelTests {
    @Test func writesOneValuePerSpecForEveryFamilySubset() {
        let series = FeatureTestData.synthetic(count: 5, seed: 1)
        for family in FeatureFamily.allCases {
            var config = FeatureConfig()
            config.families = [family]
            let m = FeatureEngine(config: config).generate(for: series)
            #expect(m.values.count == 5 * FeatureCatalogue.specs(for: config).count)
        }
    }

    @Test func monthFromDays() {
        #expect(FeatureKernel.month(daysSinceEpoch: 0) == 1)
        #expect(FeatureKernel.month(daysSinceEpoch: 31) == 2)
        #expect(FeatureKernel.month(daysSinceEpoch: 19_723) == 1)  // 2024-01-01
        #expect(FeatureKernel.month(daysSinceEpoch: 19_782) == 2)  // 2024-02-29
        #expect(FeatureKernel.month(daysSinceEpoch: 19_783) == 3)
        #expect(FeatureKernel.month(daysSinceEpoch: -1) == 12)
    }

    @Test func originalFormulasOnAHandBar() throws {
        let series = BarSeries(
            symbol: "X", interval: BarInterval(seconds: 1800), timestamps: [0, 1_800_000], open: [10, 10],
            high: [12, 12], low: [9, 9], close: [11, 11.5], volume: [2, 4])
        let m = FeatureEngine().generate(for: series)
        func v(_ name: String, _ r: Int = 1) throws -> Double { m[r, try #require(m.columnIndex(named: name))] }
        try #expect(v("hl_avg") == 10.5)
        try #expect(v("body") == 1.5)
        try #expect(v("upper_shadow") == 0.5)
        try #expect(v("lower_shadow") == 1)
        try #expect(v("return_1") == 11.5 / 11 - 1)
        try #expect(v("volume_price_trend") == 6)
        try #expect(v("spread_proxy") == 100 * 3 / (10.5 + 1e-10))
        try #expect(v("return_1", 0).isNaN)
    }
}
