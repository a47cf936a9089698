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

@Suite struct FeatureKernelVWAPTests {
    @Test func vwapIsNaNOnlyWhenNoBarOfTheWindowTraded() throws {
        var series = FeatureTestData.synthetic(count: 120, seed: 6)
        var config = FeatureConfig()
        config.families = [.volume]
        config.vwapWindow = 4
        for i in 50..<60 { series.volume[i] = 0 }
        let m = FeatureEngine(config: config).generate(for: series)
        let c = try #require(m.columnIndex(named: "vwap"))
        #expect(m[52, c].isFinite)  // bars 49...52: bar 49 traded
        #expect(m[53, c].isNaN && m[59, c].isNaN)
        // Only bar 60 traded: the VWAP is its typical price (running sums leave ~1e-15 residue).
        let typical = (series.high[60] + series.low[60] + series.close[60]) / 3
        #expect(abs(m[60, c] - typical) <= 1e-12 * typical)
        let report = NaNReport(matrix: m, ffillLimit: 0)
        #expect(report.columns[c].zeroVolumeNaN == 7)
    }
}
