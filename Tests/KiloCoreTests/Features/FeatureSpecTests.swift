import Testing

@testable import KiloCore

@Suite struct FeatureSpecTests {
    @Test func hashCoversNamesParametersAndOrder() {
        let a = FeatureSpec(name: "rsi", family: .technical, definition: "talib.RSI", parameters: [FeatureParameter("timeperiod", 14)], lookback: 14)
        var b = a
        b.parameters = [FeatureParameter("timeperiod", 21)]
        let c = FeatureSpec(name: "hour", family: .time, definition: "utc.hour", lookback: 0)
        #expect(a.canonicalText == "rsi|talib.RSI|timeperiod=14.0|14")
        #expect(FeatureSpec.hash(of: [a, c]) == SHA256.hex(of: a.canonicalText + "\n" + c.canonicalText))
        #expect(FeatureSpec.hash(of: [a, c]) != FeatureSpec.hash(of: [b, c]))
        #expect(FeatureSpec.hash(of: [a, c]) != FeatureSpec.hash(of: [c, a]))
    }
}
