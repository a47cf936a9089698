/// Column-at-a-time versions of the TA-Lib indicators, for callers that want one indicator over a
/// whole array (and for the TA-Lib benchmark). Each runs the same state machine as the feature
/// engine (or, for CCI and the rolling extremes, the same arithmetic in the same order), so its
/// values equal the engine's column bit for bit, and TA-Lib's to ~1e-12 relative.
/// Leading values are NaN for the indicator's lookback.
public enum TALibColumns {
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
    public static func sma(_ x: [Double], period: Int) -> [Double] {
        run(x.count, { TASMA(period: period) }) { $0.update(x[$1]) }
    }

    /// `talib.EMA(x, period)`.
    public static func ema(_ x: [Double], period: Int) -> [Double] {
        run(x.count, { TAEMA(period: period) }) { $0.update(x[$1]) }
    }

    /// `talib.RSI(x, period)`.
    public static func rsi(_ x: [Double], period: Int) -> [Double] {
        run(x.count, { TARSI(period: period) }) { $0.update(x[$1]) }
    }

    /// `talib.MACD(x, fast, slow, signal)` → (macd, signal, histogram). The three EMAs of `TAMACD`
    /// written out in one loop (same operations, same order: equal bits).
    public static func macd(_ x: [Double], fast: Int, slow: Int, signal: Int) -> ([Double], [Double], [Double]) {
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
    public static func bollingerBands(_ x: [Double], period: Int, deviations: Double) -> ([Double], [Double], [Double]) {
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
    public static func atr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        run(close.count, { TAATR(period: period) }) { $0.update(high: high[$1], low: low[$1], close: close[$1]) }
    }

    /// `talib.NATR(h, l, c, period)`.
    public static func natr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        run(close.count, { TAATR(period: period) }) { state, i in
            let a = state.update(high: high[i], low: low[i], close: close[i])
            return a.isNaN ? .nan : (!taIsZero(close[i]) ? (a / close[i]) * 100.0 : 0)
        }
    }

    /// `talib.ADX(h, l, c, period)`.
    public static func adx(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        run(close.count, { TAADX(period: period) }) { $0.update(high: high[$1], low: low[$1], close: close[$1]) }
    }

    /// `talib.CCI(h, l, c, period)`. Same arithmetic, in the same order, as `TACCI` (the engine's
    /// state machine), reading the window straight from the typical-price array.
    public static func cci(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
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

    /// TA-Lib's scheme for the highest high and lowest low of `[i-period+1, i]` (WILLR, STOCH):
    /// keep where each extreme is and rescan only when it leaves the window. Max and min are exact,
    /// so the values equal the engine's ring-buffer scan.
    struct TrackedExtremes {
        let high: UnsafeBufferPointer<Double>
        let low: UnsafeBufferPointer<Double>
        let period: Int
        var highestAt = -1, lowestAt = -1
        var highest = 0.0, lowest = 0.0

        init(high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, period: Int) {
            self.high = high
            self.low = low
            self.period = period
        }

        /// The extremes of the window ending at `i`; call with consecutive `i`.
        @inline(__always) mutating func at(_ i: Int) -> (Double, Double) {
            let trailing = i - period + 1
            if highestAt < trailing {
                highestAt = trailing
                highest = high[trailing]
                var j = trailing + 1
                while j <= i {
                    if high[j] > highest {
                        highest = high[j]
                        highestAt = j
                    }
                    j += 1
                }
            } else if high[i] >= highest {
                highestAt = i
                highest = high[i]
            }
            if lowestAt < trailing {
                lowestAt = trailing
                lowest = low[trailing]
                var j = trailing + 1
                while j <= i {
                    if low[j] < lowest {
                        lowest = low[j]
                        lowestAt = j
                    }
                    j += 1
                }
            } else if low[i] <= lowest {
                lowestAt = i
                lowest = low[i]
            }
            return (highest, lowest)
        }
    }

    /// `talib.MFI(h, l, c, v, period)`.
    public static func mfi(high: [Double], low: [Double], close: [Double], volume: [Double], period: Int) -> [Double] {
        run(close.count, { TAMFI(period: period) }) {
            $0.update(high: high[$1], low: low[$1], close: close[$1], volume: volume[$1])
        }
    }

    /// `talib.STOCHF(h, l, c, kPeriod, dPeriod, SMA)` → (fastk with lookback kPeriod−1, fastd).
    public static func stochasticFast(high: [Double], low: [Double], close: [Double], kPeriod: Int, dPeriod: Int)
        -> ([Double], [Double])
    {
        high.withUnsafeBufferPointer { h in
            low.withUnsafeBufferPointer { l in
                let (k, d, _) = run3(
                    close.count, { (TrackedExtremes(high: h, low: l, period: kPeriod), TASMA(period: dPeriod)) }
                ) { state, i in
                    guard i >= kPeriod - 1 else { return (.nan, .nan, .nan) }
                    let (hh, ll) = state.0.at(i)
                    let value = stochasticK(close: close[i], highest: hh, lowest: ll)
                    return (value, state.1.update(value), .nan)
                }
                return (k, d)
            }
        }
    }

    /// `talib.WILLR(h, l, c, period)`.
    public static func williamsR(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        high.withUnsafeBufferPointer { h in
            low.withUnsafeBufferPointer { l in
                run(close.count, { TrackedExtremes(high: h, low: l, period: period) }) { state, i in
                    guard i >= period - 1 else { return .nan }
                    let (hh, ll) = state.at(i)
                    return KiloCore.williamsR(close: close[i], highest: hh, lowest: ll)
                }
            }
        }
    }

    /// `talib.ROC(x, period)`.
    public static func roc(_ x: [Double], period: Int) -> [Double] {
        run(x.count, { () }) { _, i in i < period ? .nan : rateOfChange(x[i], x[i - period]) }
    }

    /// `talib.MOM(x, period)`.
    public static func mom(_ x: [Double], period: Int) -> [Double] {
        run(x.count, { () }) { _, i in i < period ? .nan : x[i] - x[i - period] }
    }

    /// Rolling OBV: `talib.OBV[t] − talib.OBV[t−window]` (the feature `obv`).
    public static func rollingOBV(close: [Double], volume: [Double], window: Int) -> [Double] {
        run(close.count, { RollingSum(period: window) }) { sum, i in
            guard i > 0 else { return .nan }
            return sum.update(signedVolume(close: close[i], previous: close[i - 1], volume: volume[i]))
        }
    }

    /// Rolling A/D: `talib.AD[t] − talib.AD[t−window]` (the feature `accumulation_distribution`).
    public static func rollingAD(high: [Double], low: [Double], close: [Double], volume: [Double], window: Int)
        -> [Double]
    {
        run(close.count, { RollingSum(period: window) }) { sum, i in
            let h = high[i], l = low[i], c = close[i]
            let range = h - l
            return sum.update(range > 0 ? (((c - l) - (h - c)) / range) * volume[i] : 0)
        }
    }
}
