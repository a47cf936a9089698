import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// Agreement with Python TA-Lib on committed reference values
/// (`bench/features/make_talib_fixture.py` → `Tests/Fixtures/features/talib_reference.json`).
@Suite struct TALibIndicatorsTests {
    struct Fixture: Decodable {
        struct Series: Decodable {
            var timestamp: [Int64]
            var open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]
            var talib: [String: [Double?]]
        }
        var series: [String: Series]
    }

    static func fixture() throws -> Fixture {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: RepoPaths.path("Tests/Fixtures/features/talib_reference.json")))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    /// BTCEUR and ADAEUR: their first 300 bars; DOTEUR: bars 300..<500 of its first segment, with
    /// zero-volume bars and, at row 402, a one-ulp typical-price change (MFI's dead-zone).
    @Test(arguments: ["BTCEUR", "ADAEUR", "DOTEUR"])
    func everyTALibColumnMatchesTALib(symbol: String) throws {
        let fixture = try Self.fixture()
        let s = try #require(fixture.series[symbol])
        let series = BarSeries(
            symbol: symbol, interval: BarInterval(seconds: 1800), timestamps: s.timestamp, open: s.open,
            high: s.high, low: s.low, close: s.close, volume: s.volume)
        let matrix = FeatureEngine().generate(for: series)
        #expect(s.talib.count == 35)
        for (name, reference) in s.talib.sorted(by: { $0.key < $1.key }) {
            let c = try #require(matrix.columnIndex(named: name), "no column \(name)")
            let ours = matrix.column(c)
            #expect(ours.count == reference.count)
            let scale = reference.compactMap { $0 }.map(abs).max() ?? 1
            var worst = 0.0
            for (t, ref) in reference.enumerated() {
                guard let ref else {
                    #expect(ours[t].isNaN, "\(symbol) \(name)[\(t)]: TA-Lib NaN, ours \(ours[t])")
                    continue
                }
                // 1e-9 relative; values crossing zero are compared against the column's scale.
                let error = abs(ours[t] - ref) / max(abs(ref), 1e-6 * scale)
                worst = max(worst, error)
                #expect(error <= 1e-9, "\(symbol) \(name)[\(t)]: TA-Lib \(ref), ours \(ours[t])")
            }
            #expect(worst <= 1e-9)
        }
    }

    @Test func lookbacksMatchTALibLeadingNaNs() throws {
        let fixture = try Self.fixture()
        let s = try #require(fixture.series["BTCEUR"])
        let specs = FeatureEngine().specs
        for (name, reference) in s.talib {
            let spec = try #require(specs.first { $0.name == name })
            let leading = reference.prefix { $0 == nil }.count
            #expect(spec.lookback == leading, "\(name): lookback \(spec.lookback), TA-Lib \(leading)")
        }
    }

    /// TA-Lib's MFI counts a typical-price change within 1e-14 of the prices' magnitude as no move
    /// (the textbook ratio would count DOTEUR row 402's −8.9e−16 change as a whole bar of flow).
    @Test func mfiTreatsAnUlpTypicalPriceChangeAsNoMove() throws {
        let fixture = try Self.fixture()
        let s = try #require(fixture.series["DOTEUR"])
        let row = 402 - 300
        let typical = { (i: Int) in (s.high[i] + s.low[i] + s.close[i]) / 3 }
        let change = typical(row) - typical(row - 1)
        #expect(change != 0 && abs(change) < 1e-15, "the fixture's row 402 is the one-ulp case")
        let ours = TALibColumns.mfi(high: s.high, low: s.low, close: s.close, volume: s.volume, period: 14)
        let reference = try #require(s.talib["mfi"]?[row])
        #expect(abs(ours[row] - reference) <= 1e-9 * reference)
        // The textbook sum of positive over total flow differs there by several percent.
        var positive = 0.0
        var total = 0.0
        for i in (row - 13)...row {
            let d = typical(i) - typical(i - 1)
            let flow = typical(i) * s.volume[i]
            if d > 0 { positive += flow }
            if d != 0 { total += flow }
        }
        #expect(abs(100 * positive / total - reference) > 0.02 * reference)
    }

    /// A window whose money flow is all zero volume (or no move) is empty: MFI 0, not a residue
    /// ratio; and a window with flow below 1 (a tiny quote) still gives its ratio.
    @Test func mfiEmptyWindowIsZeroAndSmallFlowsKeepTheirRatio() {
        var mfi = TAMFI(period: 3)
        var out: [Double] = []
        // Up moves with volume, then five bars with no volume.
        let closes = [1.0, 1.1, 1.3, 1.2, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9]
        let volumes = [1.0, 2, 3, 4, 5, 0, 0, 0, 0, 0]
        for (c, v) in zip(closes, volumes) { out.append(mfi.update(high: c, low: c, close: c, volume: v)) }
        let warming = out.prefix(3).filter { !$0.isNaN }
        let empty = out[7...].filter { $0 != 0 }
        #expect(warming.isEmpty)
        #expect(out[3] > 0 && out[3] < 100)
        #expect(empty.isEmpty, "\(out)")
        var small = TAMFI(period: 2)
        var last = Double.nan
        for (c, v) in [(1e-4, 1.0), (2e-4, 1.0), (1e-4, 1.0), (3e-4, 1.0)] {
            last = small.update(high: c, low: c, close: c, volume: v)
        }
        // Flows 1e-4 down and 3e-4 up: 75, not the old "total below 1" zero.
        #expect(abs(last - 75) < 1e-9)
    }

    /// ADX's last stage is `TASeededSmoother.wilder`: bit for bit ta_ADX.c's own loop (seed mean of
    /// `period` DX, then Wilder smoothing). The series has an undefined DX inside the seed (bars with
    /// no directional movement at all) and after it (one up move, then identical bars until the
    /// decaying +DM sum is below TA-Lib's zero), where the ADX must stay as it was.
    @Test func adxSmoothsItsDXAsTALibsLoopDoes() {
        let period = 2
        var bars = [(high: Double, low: Double, close: Double)](repeating: (101, 99, 100), count: 6)
        bars += [(high: Double, low: Double, close: Double)](repeating: (103, 100, 102), count: 80)
        var rng = SplitMix64(seed: 5)
        var price = 102.0
        for _ in 0..<40 {
            price *= 1 + 0.01 * (rng.nextUnit() - 0.5)
            let spread = price * 0.004 * rng.nextUnit()
            bars.append((price + spread, price - spread, price))
        }
        // ta_ADX.c's loop, written out.
        let n = Double(period), decay = Double(period - 1) / n, inverse = 1 / n
        var plusDM = 0.0, minusDM = 0.0, range = 0.0, sumDX = 0.0, adx = 0.0
        var expected: [Double] = [.nan]
        var undefined = 0
        for t in 1..<bars.count {
            let (high, low) = (bars[t].high, bars[t].low)
            let diffP = high - bars[t - 1].high, diffM = bars[t - 1].low - low
            let isMinus = diffM > 0 && diffP < diffM
            let isPlus = !isMinus && diffP > 0 && diffP > diffM
            let tr = trueRange(high: high, low: low, previousClose: bars[t - 1].close)
            let bar = t + 1
            if bar <= period {
                minusDM += isMinus ? diffM : 0
                plusDM += isPlus ? diffP : 0
                range += tr
                expected.append(.nan)
                continue
            }
            minusDM = minusDM * decay + (isMinus ? diffM : 0)
            plusDM = plusDM * decay + (isPlus ? diffP : 0)
            range = range * decay + tr
            var dx = Double.nan
            if !taIsZero(range) {
                let minusDI = 100.0 * (minusDM / range), plusDI = 100.0 * (plusDM / range)
                if !taIsZero(minusDI + plusDI) { dx = 100.0 * (abs(minusDI - plusDI) / (minusDI + plusDI)) }
            }
            if dx.isNaN { undefined += bar > 2 * period ? 1 : 0 }
            if bar < 2 * period {
                if !dx.isNaN { sumDX += dx }
                expected.append(.nan)
            } else if bar == 2 * period {
                if !dx.isNaN { sumDX += dx }
                adx = sumDX / n
                expected.append(adx)
            } else {
                if !dx.isNaN { adx = adx * decay + dx * inverse }
                expected.append(adx)
            }
        }
        var indicator = TAADX(period: period)
        let ours = bars.map { indicator.update(high: $0.high, low: $0.low, close: $0.close) }
        #expect(undefined >= 10, "the series has bars with an undefined DX after the seed")
        #expect(expected[2 * period + 1] == expected[2 * period] && expected.last?.isFinite == true)
        #expect(ours.count == expected.count)
        let differing = ours.indices.first { ours[$0].bitPattern != expected[$0].bitPattern }
        #expect(differing == nil, "bar \(differing ?? 0): \(ours[differing ?? 0]) vs TA-Lib's \(expected[differing ?? 0])")
    }
}
