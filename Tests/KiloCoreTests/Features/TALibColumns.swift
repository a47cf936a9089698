@testable import KiloCore

/// Column-at-a-time versions of the TA-Lib indicators, for the like-for-like TA-Lib benchmark probe
/// (`FeatureBenchmark/talibSubset`; no command needs one indicator over a whole array, so this
/// lives with the tests). Each runs the same state machine as the feature
/// engine (or, for CCI and the rolling extremes, the same arithmetic in the same order), so its
/// values equal the engine's column bit for bit, and TA-Lib's to ~1e-12 relative.
/// Leading values are NaN for the indicator's lookback.
enum TALibColumns {
    /// Runs a state machine over `count` rows; the state lives inside the loop's own function so
    /// the optimiser keeps it in registers.
    @inline(__always)
    static func run<State>(_ count: Int, _ make: () -> State, _ step: (inout State, Int) -> Double) -> [Double] {
        LargeArrays.doubles(count: count) { out in
            var state = make()
            for i in 0..<count { out[i] = step(&state, i) }
        }
    }

    /// `run` for three outputs per row.
    @inline(__always)
    static func run3<State>(
        _ count: Int, _ make: () -> State, _ step: (inout State, Int) -> (Double, Double, Double)
    ) -> ([Double], [Double], [Double]) {
        var second: [Double] = []
        var third: [Double] = []
        let first = LargeArrays.doubles(count: count) { a in
            second = LargeArrays.doubles(count: count) { b in
                third = LargeArrays.doubles(count: count) { c in
                    var state = make()
                    for i in 0..<count { (a[i], b[i], c[i]) = step(&state, i) }
                }
            }
        }
        return (first, second, third)
    }

    /// `talib.SMA(x, period)`.
    static func sma(_ x: [Double], period: Int) -> [Double] {
        run(x.count, { TASMA(period: period) }) { $0.update(x[$1]) }
    }

    /// `talib.EMA(x, period)`.
    static func ema(_ x: [Double], period: Int) -> [Double] {
        run(x.count, { TAEMA(period: period) }) { $0.update(x[$1]) }
    }

    /// `talib.RSI(x, period)`.
    static func rsi(_ x: [Double], period: Int) -> [Double] {
        run(x.count, { TARSI(period: period) }) { $0.update(x[$1]) }
    }

    /// `talib.MACD(x, fast, slow, signal)` → (macd, signal, histogram). The three EMAs of `TAMACD`
    /// written out in one loop (same operations, same order: equal bits).
    static func macd(_ x: [Double], fast: Int, slow: Int, signal: Int) -> ([Double], [Double], [Double]) {
        precondition(slow > fast, "TALibColumns.macd: slow \(slow) must exceed fast \(fast)")
        let (slowK, fastK, signalK) = (2.0 / Double(slow + 1), 2.0 / Double(fast + 1), 2.0 / Double(signal + 1))
        let (slowKeep, fastKeep, signalKeep) = (1 - slowK, 1 - fastK, 1 - signalK)
        let fastStart = slow - fast
        return x.withUnsafeBufferPointer { p in
            run3(p.count, { (0.0, 0.0, 0.0) }) { ema, i in
                let v = p[i]
                if i < slow - 1 {
                    ema.0 += v
                } else if i == slow - 1 {
                    ema.0 = (ema.0 + v) / Double(slow)
                } else {
                    ema.0 = ema.0 * slowKeep + v * slowK
                }
                let j = i - fastStart
                if j >= 0 {
                    if j < fast - 1 {
                        ema.1 += v
                    } else if j == fast - 1 {
                        ema.1 = (ema.1 + v) / Double(fast)
                    } else {
                        ema.1 = ema.1 * fastKeep + v * fastK
                    }
                }
                guard i >= slow - 1 else { return (.nan, .nan, .nan) }
                let m = ema.1 - ema.0
                let s = i - (slow - 1)
                if s < signal - 1 {
                    ema.2 += m
                    return (.nan, .nan, .nan)
                }
                if s == signal - 1 {
                    ema.2 = (ema.2 + m) / Double(signal)
                } else {
                    ema.2 = ema.2 * signalKeep + m * signalK
                }
                return (m, ema.2, m - ema.2)
            }
        }
    }

    /// `talib.BBANDS(x, period, k, k, SMA)` → (upper, middle, lower). `TABBands` written out on
    /// the input array (same operations, same order: equal bits).
    static func bollingerBands(_ x: [Double], period: Int, deviations: Double) -> ([Double], [Double], [Double]) {
        x.withUnsafeBufferPointer { p in
            run3(p.count, { (0.0, 0.0) }) { sums, i in
                let v = p[i]
                if i < period - 1 {
                    sums.0 += v
                    sums.1 += v * v
                    return (.nan, .nan, .nan)
                }
                let old = p[i - period + 1]
                let sum = sums.0 + v
                sums.0 = sum - old
                let mid = sum / Double(period)
                sums.1 += v * v
                var meanSquare = sums.1 / Double(period)
                sums.1 -= old * old
                meanSquare -= mid * mid
                let sd = meanSquare < 1e-14 ? 0 : meanSquare.squareRoot()
                let band = sd * deviations
                return (mid + band, mid, mid - band)
            }
        }
    }

    /// `talib.ATR(h, l, c, period)`.
    static func atr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        run(close.count, { TAATR(period: period) }) { $0.update(high: high[$1], low: low[$1], close: close[$1]) }
    }

    /// `talib.NATR(h, l, c, period)`.
    static func natr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        run(close.count, { TAATR(period: period) }) { state, i in
            let a = state.update(high: high[i], low: low[i], close: close[i])
            return a.isNaN ? .nan : (!taIsZero(close[i]) ? (a / close[i]) * 100.0 : 0)
        }
    }

    /// `talib.ADX(h, l, c, period)`.
    static func adx(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        run(close.count, { TAADX(period: period) }) { $0.update(high: high[$1], low: low[$1], close: close[$1]) }
    }

    /// `talib.CCI(h, l, c, period)`. Same arithmetic, in the same order, as `TACCI` (the engine's
    /// state machine), reading the window straight from the typical-price array.
    static func cci(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        let n = close.count
        let typical = (0..<n).map { (high[$0] + low[$0] + close[$0]) / 3 }
        return typical.withUnsafeBufferPointer { tp in
            run(n, { () }) { _, i in
                guard i >= period - 1 else { return .nan }
                let window = UnsafeBufferPointer(rebasing: tp[(i - period + 1)...i])
                var sum = 0.0
                for x in window { sum += x }
                let mean = sum / Double(period)
                var deviation = 0.0
                for x in window { deviation += abs(x - mean) }
                let centred = tp[i] - mean
                guard centred != 0, deviation != 0 else { return 0 }
                return centred / (0.015 * (deviation / Double(period)))
            }
        }
    }

    /// The highest high and lowest low of every window `[i−period+1, i]` (NaN before `period−1`),
    /// by van Herk / Gil-Werman: per block of `period` bars, a suffix maximum of the previous block
    /// and a running prefix maximum of the current one; three branch-free max operations per bar.
    /// Max and min are exact, so the values equal the engine's window scan.
    static func slidingExtremes(high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, period: Int)
        -> (highest: [Double], lowest: [Double])
    {
        let n = high.count
        var suffixHigh = [Double](repeating: 0, count: period)
        var suffixLow = [Double](repeating: 0, count: period)
        var lowest: [Double] = []
        let highest = LargeArrays.doubles(count: n) { hh in
            lowest = LargeArrays.doubles(count: n) { ll in
                suffixHigh.withUnsafeMutableBufferPointer { sh in
                    suffixLow.withUnsafeMutableBufferPointer { sl in
                        var start = 0
                        while start < n {
                            let end = min(start + period, n)
                            if start > 0 {
                                // Suffix extremes of the previous block [start−period, start).
                                var mh = -Double.infinity, ml = Double.infinity
                                var k = period - 1
                                while k >= 0 {
                                    let h = high[start - period + k], l = low[start - period + k]
                                    mh = h > mh ? h : mh
                                    ml = l < ml ? l : ml
                                    sh[k] = mh
                                    sl[k] = ml
                                    k -= 1
                                }
                            }
                            var ph = -Double.infinity, pl = Double.infinity
                            for i in start..<end {
                                let h = high[i], l = low[i]
                                ph = h > ph ? h : ph
                                pl = l < pl ? l : pl
                                if i == start + period - 1 {
                                    hh[i] = ph
                                    ll[i] = pl
                                } else if start == 0 {
                                    hh[i] = .nan
                                    ll[i] = .nan
                                } else {
                                    let k = i - start + 1  // window start i−period+1 is block offset k
                                    hh[i] = sh[k] > ph ? sh[k] : ph
                                    ll[i] = sl[k] < pl ? sl[k] : pl
                                }
                            }
                            start = end
                        }
                    }
                }
            }
        }
        return (highest, lowest)
    }

    /// `talib.MFI(h, l, c, v, period)`.
    static func mfi(high: [Double], low: [Double], close: [Double], volume: [Double], period: Int) -> [Double] {
        run(close.count, { TAMFI(period: period) }) {
            $0.update(high: high[$1], low: low[$1], close: close[$1], volume: volume[$1])
        }
    }

    /// `talib.STOCHF(h, l, c, kPeriod, dPeriod, SMA)` → (fastk with lookback kPeriod−1, fastd).
    static func stochasticFast(high: [Double], low: [Double], close: [Double], kPeriod: Int, dPeriod: Int)
        -> ([Double], [Double])
    {
        let (hh, ll) = high.withUnsafeBufferPointer { h in
            low.withUnsafeBufferPointer { l in slidingExtremes(high: h, low: l, period: kPeriod) }
        }
        let (k, d, _) = run3(close.count, { TASMA(period: dPeriod) }) { smooth, i in
            guard i >= kPeriod - 1 else { return (.nan, .nan, .nan) }
            let value = stochasticK(close: close[i], highest: hh[i], lowest: ll[i])
            return (value, smooth.update(value), .nan)
        }
        return (k, d)
    }

    /// `talib.WILLR(h, l, c, period)`.
    static func williamsR(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        let (hh, ll) = high.withUnsafeBufferPointer { h in
            low.withUnsafeBufferPointer { l in slidingExtremes(high: h, low: l, period: period) }
        }
        return run(close.count, { () }) { _, i in
            i < period - 1 ? .nan : KiloCore.williamsR(close: close[i], highest: hh[i], lowest: ll[i])
        }
    }

    /// `talib.ROC(x, period)`.
    static func roc(_ x: [Double], period: Int) -> [Double] {
        run(x.count, { () }) { _, i in i < period ? .nan : rateOfChange(x[i], x[i - period]) }
    }

    /// `talib.MOM(x, period)`.
    static func mom(_ x: [Double], period: Int) -> [Double] {
        run(x.count, { () }) { _, i in i < period ? .nan : x[i] - x[i - period] }
    }

    /// Rolling OBV: `talib.OBV[t] − talib.OBV[t−window]` (the feature `obv`).
    static func rollingOBV(close: [Double], volume: [Double], window: Int) -> [Double] {
        run(close.count, { RollingSum(period: window) }) { sum, i in
            guard i > 0 else { return .nan }
            return sum.update(signedVolume(close: close[i], previous: close[i - 1], volume: volume[i]))
        }
    }

    /// Rolling A/D: `talib.AD[t] − talib.AD[t−window]` (the feature `accumulation_distribution`).
    static func rollingAD(high: [Double], low: [Double], close: [Double], volume: [Double], window: Int)
        -> [Double]
    {
        run(close.count, { RollingSum(period: window) }) { sum, i in
            let h = high[i], l = low[i], c = close[i]
            let range = h - l
            return sum.update(range > 0 ? (((c - l) - (h - c)) / range) * volume[i] : 0)
        }
    }
}
