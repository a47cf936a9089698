import Foundation
import Testing

@testable import KiloCore

/// Benchmarks for bench/features/run.sh: run only with KILO_BENCH=1 (release build), read the
/// series from KILO_BENCH_SERIES, print timings. Never asserts on time.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KILO_BENCH"] == "1"))
struct FeatureBenchmark {
    static func series() throws -> BarSeries {
        let path = try #require(ProcessInfo.processInfo.environment["KILO_BENCH_SERIES"])
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let n = data.count / 48
        let all: [Double] = data.withUnsafeBytes { raw in
            (0..<(6 * n)).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
        }
        func col(_ i: Int) -> [Double] { Array(all[(i * n)..<((i + 1) * n)]) }
        return BarSeries(
            symbol: "SYN", interval: BarInterval(seconds: 1800), timestamps: col(0).map { Int64($0) },
            open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5))
    }

    static func best(_ repeats: Int, _ body: () -> Double) -> (seconds: Double, checksum: Double) {
        var best = Double.infinity
        var checksum = 0.0
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            checksum = body()
            let d = ContinuousClock.now - start
            best = min(best, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }
        return (best, checksum)
    }

    static var repeats: Int { Int(ProcessInfo.processInfo.environment["KILO_BENCH_REPEATS"] ?? "") ?? 3 }

    @Test func wholeCatalogue() throws {
        let series = try Self.series()
        let engine = FeatureEngine()
        let (seconds, checksum) = Self.best(Self.repeats) {
            let m = engine.generate(for: series)
            return m.values[m.values.count / 2]
        }
        print("swift_catalogue_columns=\(engine.specs.count)")
        print("swift_catalogue_rows=\(series.count)")
        print("swift_catalogue_seconds=\(String(format: "%.6f", seconds))")
        print("swift_catalogue_checksum=\(checksum)")
    }

    /// The same 35 TA-Lib outputs as bench_talib.py, column by column with Kilo's state machines.
    @Test func talibSubset() throws {
        let s = try Self.series()
        let (seconds, checksum) = Self.best(Self.repeats) { Self.subset(s) }
        print("swift_talib_outputs=35")
        print("swift_talib_seconds=\(String(format: "%.6f", seconds))")
        print("swift_talib_checksum=\(checksum)")
    }

    static func subset(_ s: BarSeries) -> Double {
        let n = s.count
        var outputs: [[Double]] = []
        outputs.reserveCapacity(35)
        func run(_ body: (Int) -> Double) {
            outputs.append([Double](unsafeUninitializedCapacity: n) { b, k in
                for i in 0..<n { b[i] = body(i) }
                k = n
            })
        }
        let c = s.close, h = s.high, l = s.low, v = s.volume
        for p in [5, 10, 20, 50] {
            var sma = TASMA(period: p)
            run { sma.update(c[$0]) }
            var ema = TAEMA(period: p)
            run { ema.update(c[$0]) }
        }
        var rsi = TARSI(period: 14)
        run { rsi.update(c[$0]) }
        var macd = TAMACD(fast: 12, slow: 26, signal: 9)
        var m1 = [Double](repeating: 0, count: n), m2 = m1, m3 = m1
        for i in 0..<n { (m1[i], m2[i], m3[i]) = macd.update(c[i]) }
        outputs += [m1, m2, m3]
        var bands = TABBands(period: 20, deviations: 2)
        for i in 0..<n { (m1[i], m2[i], m3[i]) = bands.update(c[i]) }
        outputs += [m1, m2, m3]
        var atr = TAATR(period: 14)
        run { atr.update(high: h[$0], low: l[$0], close: c[$0]) }
        var highs = History(capacity: 32), lows = History(capacity: 32)
        var stochD = TASMA(period: 3)
        var fastD = [Double](repeating: .nan, count: n)
        run { i in
            highs.push(h[i])
            lows.push(l[i])
            guard i >= 13 else { return .nan }
            let (hh, ll) = windowExtremes(high: highs, low: lows, period: 14)
            let k = stochasticK(close: c[i], highest: hh, lowest: ll)
            fastD[i] = stochD.update(k)
            return k
        }
        outputs.append(fastD)
        var cci = TACCI(period: 20)
        run { cci.update(high: h[$0], low: l[$0], close: c[$0]) }
        var adx = TAADX(period: 14)
        run { adx.update(high: h[$0], low: l[$0], close: c[$0]) }
        for p in [10, 20] {
            var sma = TASMA(period: p)
            run { sma.update(v[$0]) }
        }
        var obv = RollingSum(period: 48)
        run { $0 == 0 ? .nan : obv.update(c[$0] > c[$0 - 1] ? v[$0] : (c[$0] < c[$0 - 1] ? -v[$0] : 0)) }
        var ad = RollingSum(period: 48)
        run { i in
            let r = h[i] - l[i]
            return ad.update(r > 0 ? (((c[i] - l[i]) - (h[i] - c[i])) / r) * v[i] : 0)
        }
        var mfi = TAMFI(period: 14)
        run { mfi.update(high: h[$0], low: l[$0], close: c[$0], volume: v[$0]) }
        var natr = TAATR(period: 14)
        run { i in
            let a = natr.update(high: h[i], low: l[i], close: c[i])
            return (a / c[i]) * 100.0
        }
        for p in [5, 10, 20] {
            run { $0 < p ? .nan : rateOfChange(c[$0], c[$0 - p]) }
            run { $0 < p ? .nan : c[$0] - c[$0 - p] }
        }
        for p in [14, 21] {
            var hs = History(capacity: 32), ls = History(capacity: 32)
            run { i in
                hs.push(h[i])
                ls.push(l[i])
                guard i >= p - 1 else { return .nan }
                let (hh, ll) = windowExtremes(high: hs, low: ls, period: p)
                return williamsR(close: c[i], highest: hh, lowest: ll)
            }
        }
        run { $0 < 10 ? .nan : c[$0] - c[$0 - 10] }
        precondition(outputs.count == 35, "FeatureBenchmark.subset: \(outputs.count) outputs")
        return outputs.reduce(0) { $0 + ($1[n / 2].isNaN ? 0 : $1[n / 2]) }
    }
}
