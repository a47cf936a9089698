import Foundation
import Testing

@testable import KiloCore

/// Benchmarks for bench/features/run.sh: run only with KILO_BENCH=1 (release build), read the
/// series from KILO_BENCH_SERIES, print timings. Never asserts on time.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["KILO_BENCH"] == "1"))
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

    /// CPU time of the calling thread (robust to other processes sharing the cores).
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Best wall time and best thread CPU time over `repeats` runs.
    static func best(_ repeats: Int, _ body: () -> Double) -> (seconds: Double, cpu: Double, checksum: Double) {
        var best = Double.infinity
        var bestCPU = Double.infinity
        var checksum = 0.0
        for _ in 0..<repeats {
            let cpu0 = threadCPUSeconds()
            let start = ContinuousClock.now
            checksum = body()
            let d = ContinuousClock.now - start
            bestCPU = min(bestCPU, threadCPUSeconds() - cpu0)
            best = min(best, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }
        return (best, bestCPU, checksum)
    }

    static var repeats: Int { Int(ProcessInfo.processInfo.environment["KILO_BENCH_REPEATS"] ?? "") ?? 3 }

    @Test func wholeCatalogue() throws {
        let series = try Self.series()
        let engine = FeatureEngine()
        let (seconds, cpu, checksum) = Self.best(Self.repeats) {
            let m = engine.generate(for: series)
            return m.values[m.values.count / 2]
        }
        print("swift_catalogue_columns=\(engine.specs.count)")
        print("swift_catalogue_rows=\(series.count)")
        print("swift_catalogue_seconds=\(String(format: "%.6f", seconds))")
        print("swift_catalogue_cpu_seconds=\(String(format: "%.6f", cpu))")
        print("swift_catalogue_checksum=\(checksum)")
        // Steady state: the same matrix regenerated in place (no allocation, no page faults).
        var reused = engine.generate(for: series)
        let (again, againCPU, _) = Self.best(Self.repeats) {
            engine.generate(for: series, into: &reused)
            return reused.values[reused.values.count / 2]
        }
        print("swift_catalogue_reuse_seconds=\(String(format: "%.6f", again))")
        print("swift_catalogue_reuse_cpu_seconds=\(String(format: "%.6f", againCPU))")
    }

    /// The same 35 TA-Lib outputs as bench_talib.py, column by column (`TALibColumns`).
    @Test func talibSubset() throws {
        let s = try Self.series()
        // Like `out = subset(...)` in bench_talib.py, the previous result stays alive while the
        // next one is computed (so both sides reuse freed heap memory the same way).
        var previous: [[Double]] = []
        let (seconds, cpu, checksum) = Self.best(Self.repeats) {
            let outputs = Self.subset(s)
            previous = outputs
            let n = s.count
            return outputs.reduce(0) { $0 + ($1[n / 2].isNaN ? 0 : $1[n / 2]) }
        }
        _ = previous.count
        print("swift_talib_outputs=35")
        print("swift_talib_seconds=\(String(format: "%.6f", seconds))")
        print("swift_talib_cpu_seconds=\(String(format: "%.6f", cpu))")
        print("swift_talib_checksum=\(checksum)")
    }

    /// Per-function CPU times (KILO_BENCH_DETAIL=1), to compare with TA-Lib function by function.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KILO_BENCH_DETAIL"] == "1"))
    func talibSubsetByFunction() throws {
        let s = try Self.series()
        let (h, l, c, v) = (s.high, s.low, s.close, s.volume)
        let cases: [(String, () -> [Double])] = [
            ("sma20", { TALibColumns.sma(c, period: 20) }), ("ema20", { TALibColumns.ema(c, period: 20) }),
            ("rsi", { TALibColumns.rsi(c, period: 14) }), ("macd", { TALibColumns.macd(c, fast: 12, slow: 26, signal: 9).0 }),
            ("bbands", { TALibColumns.bollingerBands(c, period: 20, deviations: 2).0 }),
            ("atr", { TALibColumns.atr(high: h, low: l, close: c, period: 14) }),
            ("stochf", { TALibColumns.stochasticFast(high: h, low: l, close: c, kPeriod: 14, dPeriod: 3).0 }),
            ("cci", { TALibColumns.cci(high: h, low: l, close: c, period: 20) }),
            ("adx", { TALibColumns.adx(high: h, low: l, close: c, period: 14) }),
            ("obv", { TALibColumns.rollingOBV(close: c, volume: v, window: 48) }),
            ("ad", { TALibColumns.rollingAD(high: h, low: l, close: c, volume: v, window: 48) }),
            ("mfi", { TALibColumns.mfi(high: h, low: l, close: c, volume: v, period: 14) }),
            ("natr", { TALibColumns.natr(high: h, low: l, close: c, period: 14) }),
            ("roc10", { TALibColumns.roc(c, period: 10) }), ("mom10", { TALibColumns.mom(c, period: 10) }),
            ("willr14", { TALibColumns.williamsR(high: h, low: l, close: c, period: 14) }),
        ]
        for (name, body) in cases {
            var keep: [Double] = []
            let (_, cpu, _) = Self.best(7) {
                let r = body()
                keep = r
                return r[r.count / 2]
            }
            _ = keep.count
            print("swift_fn \(name) \(String(format: "%.2f", cpu * 1000)) ms")
        }
    }

    static func subset(_ s: BarSeries) -> [[Double]] {
        let (h, l, c, v) = (s.high, s.low, s.close, s.volume)
        var outputs: [[Double]] = []
        for p in [5, 10, 20, 50] {
            outputs.append(TALibColumns.sma(c, period: p))
            outputs.append(TALibColumns.ema(c, period: p))
        }
        outputs.append(TALibColumns.rsi(c, period: 14))
        let (m1, m2, m3) = TALibColumns.macd(c, fast: 12, slow: 26, signal: 9)
        let (b1, b2, b3) = TALibColumns.bollingerBands(c, period: 20, deviations: 2)
        outputs += [m1, m2, m3, b1, b2, b3]
        outputs.append(TALibColumns.atr(high: h, low: l, close: c, period: 14))
        let (k, d) = TALibColumns.stochasticFast(high: h, low: l, close: c, kPeriod: 14, dPeriod: 3)
        outputs += [k, d]
        outputs.append(TALibColumns.cci(high: h, low: l, close: c, period: 20))
        outputs.append(TALibColumns.adx(high: h, low: l, close: c, period: 14))
        outputs.append(TALibColumns.sma(v, period: 10))
        outputs.append(TALibColumns.sma(v, period: 20))
        outputs.append(TALibColumns.rollingOBV(close: c, volume: v, window: 48))
        outputs.append(TALibColumns.rollingAD(high: h, low: l, close: c, volume: v, window: 48))
        outputs.append(TALibColumns.mfi(high: h, low: l, close: c, volume: v, period: 14))
        outputs.append(TALibColumns.natr(high: h, low: l, close: c, period: 14))
        for p in [5, 10, 20] {
            outputs.append(TALibColumns.roc(c, period: p))
            outputs.append(TALibColumns.mom(c, period: p))
        }
        for p in [14, 21] { outputs.append(TALibColumns.williamsR(high: h, low: l, close: c, period: p)) }
        outputs.append(TALibColumns.mom(c, period: 10))
        precondition(outputs.count == 35, "FeatureBenchmark.subset: \(outputs.count) outputs")
        return outputs
    }
}
