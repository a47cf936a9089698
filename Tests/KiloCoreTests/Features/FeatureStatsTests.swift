import Testing

@testable import KiloCore

@Suite struct FeatureStatsTests {
    @Test func summarizesFiniteValuesAndKnowsLookbacks() throws {
        let m = FeatureEngine().generate(for: FeatureTestData.synthetic(count: 80, seed: 4))
        let stats = try FeatureStats.summarize(m, names: ["rsi", "hour"])
        #expect(stats.map(\.name) == ["rsi", "hour"])
        let rsi = stats[0]
        let c = try #require(m.columnIndex(named: "rsi"))
        let values = m.column(c).filter(\.isFinite)
        #expect(rsi.count == 80 - 14 && rsi.missing == 14 && rsi.lookback == 14)
        #expect(rsi.min == values.min() && rsi.max == values.max() && rsi.last == values.last)
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(rsi.mean - mean) < 1e-12)
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        #expect(abs(rsi.std - sd) < 1e-12)
        #expect(try FeatureStats.summarize(m).count == m.columnCount)
        #expect(throws: FeatureError.unknownFeature(name: "nope")) { try FeatureStats.summarize(m, names: ["nope"]) }
    }
}
