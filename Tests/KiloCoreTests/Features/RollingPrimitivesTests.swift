import Testing

@testable import KiloCore

@Suite struct RollingPrimitivesTests {
    @Test func historyKeepsTheLastValuesNewestFirst() {
        var h = History(capacity: 3)
        for x in 1...10 { h.push(Double(x)) }
        #expect(h[0] == 10 && h[1] == 9 && h[2] == 8 && h[3] == 7)
    }

    @Test func smaRollingSumAndSampleStdMatchDirectFormulas() {
        var rng = SplitMix64(seed: 3)
        let xs = (0..<200).map { _ in rng.nextGaussian() * 3 + 10 }
        var sma = TASMA(period: 7)
        var sum = RollingSum(period: 7)
        var sd = RollingSampleStd(period: 7)
        for (t, x) in xs.enumerated() {
            let (a, b, c) = (sma.update(x), sum.update(x), sd.update(x))
            guard t >= 6 else {
                #expect(a.isNaN && b.isNaN && c.isNaN)
                continue
            }
            let window = xs[(t - 6)...t]
            let mean = window.reduce(0, +) / 7
            let std = (window.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6).squareRoot()
            #expect(abs(a - mean) < 1e-12 && abs(b - mean * 7) < 1e-11 && abs(c - std) < 1e-9)
        }
    }

    @Test func windowExtremesScansThePeriod() {
        var high = History(capacity: 8)
        var low = History(capacity: 8)
        for x in [5.0, 9, 1, 4, 3] {
            high.push(x)
            low.push(x)
        }
        #expect(windowExtremes(high: high, low: low, period: 3) == (4, 1))
        #expect(windowExtremes(high: high, low: low, period: 5) == (9, 1))
        #expect(windowExtremes(high: high, low: low, period: 1) == (3, 3))
    }

    @Test func rollingExtremesEqualsAFullScan() {
        var rng = SplitMix64(seed: 12)
        for period in [1, 2, 5, 14] {
            var extremes = RollingExtremes(period: period)
            var high = History(capacity: period), low = History(capacity: period)
            for t in 0..<500 {
                // Rounded values make ties common.
                let mid = (rng.nextUnit() * 20).rounded()
                let h = mid + (rng.nextUnit() * 3).rounded(), l = mid - (rng.nextUnit() * 3).rounded()
                high.push(h)
                low.push(l)
                let (hh, ll) = extremes.update(high: h, low: l)
                if t + 1 < period {
                    #expect(hh.isNaN && ll.isNaN)
                } else {
                    let scan = windowExtremes(high: high, low: low, period: period)
                    #expect(hh == scan.highest && ll == scan.lowest, "period \(period) t \(t)")
                }
            }
        }
    }
}

@Suite struct HistoryCopyTests {
    @Test func aCopiedHistoryDoesNotShareItsRing() {
        var a = History(capacity: 4)
        for x in 1...3 { a.push(Double(x)) }
        var b = a
        b.push(99)
        #expect(a[0] == 3 && b[0] == 99 && b[1] == 3)
        a.push(7)
        #expect(a[0] == 7 && b[0] == 99)
    }

    @Test func aCopiedStreamContinuesIndependently() throws {
        let series = FeatureTestData.synthetic(count: 80, seed: 21)
        var stream = FeatureStream(interval: series.interval)
        for i in 0..<40 { _ = stream.append(series, at: i) }
        var copy = stream
        let other = FeatureTestData.synthetic(count: 80, seed: 22)
        for i in 40..<60 { _ = copy.append(other, at: i) }
        let batch = FeatureEngine().generate(for: series)
        for i in 40..<80 {
            let row = stream.append(series, at: i)
            #expect(zip(row, batch.row(i)).allSatisfy { FeatureTestData.same($0, $1) }, "row \(i)")
        }
    }
}
