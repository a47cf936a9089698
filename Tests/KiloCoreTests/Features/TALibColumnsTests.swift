import Testing

@testable import KiloCore

@Suite struct TALibColumnsTests {
    @Test func columnFunctionsEqualTheEngineColumnsBitForBit() throws {
        let s = try FeatureTestData.series("ADAEUR").slice(0..<500)
        let m = FeatureEngine().generate(for: s)
        func expectSame(_ name: String, _ values: [Double]) throws {
            let c = try #require(m.columnIndex(named: name))
            let column = m.column(c)
            #expect(zip(column, values).allSatisfy { FeatureTestData.same($0, $1) }, "\(name)")
        }
        let (h, l, c, v) = (s.high, s.low, s.close, s.volume)
        for p in [5, 10, 20, 50] {
            try expectSame("sma_\(p)", TALibColumns.sma(c, period: p))
            try expectSame("ema_\(p)", TALibColumns.ema(c, period: p))
        }
        try expectSame("rsi", TALibColumns.rsi(c, period: 14))
        let (macd, signal, hist) = TALibColumns.macd(c, fast: 12, slow: 26, signal: 9)
        try expectSame("macd", macd)
        try expectSame("macd_signal", signal)
        try expectSame("macd_histogram", hist)
        let (u, mid, lo) = TALibColumns.bollingerBands(c, period: 20, deviations: 2)
        try expectSame("bb_upper", u)
        try expectSame("bb_middle", mid)
        try expectSame("bb_lower", lo)
        try expectSame("atr", TALibColumns.atr(high: h, low: l, close: c, period: 14))
        try expectSame("natr", TALibColumns.natr(high: h, low: l, close: c, period: 14))
        try expectSame("adx", TALibColumns.adx(high: h, low: l, close: c, period: 14))
        try expectSame("cci", TALibColumns.cci(high: h, low: l, close: c, period: 20))
        try expectSame("mfi", TALibColumns.mfi(high: h, low: l, close: c, volume: v, period: 14))
        let (k, d) = TALibColumns.stochasticFast(high: h, low: l, close: c, kPeriod: 14, dPeriod: 3)
        try expectSame("stoch_k", k)
        try expectSame("stoch_d", d)
        try expectSame("williams_r_14", TALibColumns.williamsR(high: h, low: l, close: c, period: 14))
        try expectSame("williams_r_21", TALibColumns.williamsR(high: h, low: l, close: c, period: 21))
        try expectSame("roc_10", TALibColumns.roc(c, period: 10))
        try expectSame("momentum_20", TALibColumns.mom(c, period: 20))
        try expectSame("mom_10", TALibColumns.mom(c, period: 10))
        try expectSame("volume_sma_20", TALibColumns.sma(v, period: 20))
        try expectSame("obv", TALibColumns.rollingOBV(close: c, volume: v, window: 48))
        try expectSame("accumulation_distribution", TALibColumns.rollingAD(high: h, low: l, close: c, volume: v, window: 48))
    }
}

@Suite struct SlidingExtremesTests {
    @Test func equalsAWindowScanForEveryPeriodAndLength() {
        var rng = SplitMix64(seed: 30)
        for (n, period) in [(1, 1), (5, 1), (5, 3), (13, 14), (14, 14), (15, 14), (100, 7), (257, 21)] {
            let high = (0..<n).map { _ in (rng.nextUnit() * 10).rounded() }
            let low = high.map { $0 - (rng.nextUnit() * 4).rounded() }
            let (hh, ll) = high.withUnsafeBufferPointer { h in
                low.withUnsafeBufferPointer { l in TALibColumns.slidingExtremes(high: h, low: l, period: period) }
            }
            for i in 0..<n {
                if i < period - 1 {
                    #expect(hh[i].isNaN && ll[i].isNaN)
                } else {
                    #expect(hh[i] == high[(i - period + 1)...i].max() && ll[i] == low[(i - period + 1)...i].min(), "n \(n) p \(period) i \(i)")
                }
            }
        }
    }
}
