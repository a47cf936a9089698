/// Column-at-a-time versions of the TA-Lib indicators, for callers that want one indicator over a
/// whole array (and for the TA-Lib benchmark). Each runs the same state machine as the feature
/// engine, so its values equal the engine's column bit for bit (and TA-Lib's to ~1e-12).
/// Leading values are NaN for the indicator's lookback.
public enum TALibColumns {
    @inline(__always)
    static func map(_ count: Int, _ body: (Int) -> Double) -> [Double] {
        LargeArrays.doubles(count: count) { buffer in
            for i in 0..<count { buffer[i] = body(i) }
        }
    }

    /// `talib.SMA(x, period)`.
    public static func sma(_ x: [Double], period: Int) -> [Double] {
        var state = TASMA(period: period)
        return x.withUnsafeBufferPointer { p in map(p.count) { state.update(p[$0]) } }
    }

    /// `talib.EMA(x, period)`.
    public static func ema(_ x: [Double], period: Int) -> [Double] {
        var state = TAEMA(period: period)
        return x.withUnsafeBufferPointer { p in map(p.count) { state.update(p[$0]) } }
    }

    /// `talib.RSI(x, period)`.
    public static func rsi(_ x: [Double], period: Int) -> [Double] {
        var state = TARSI(period: period)
        return x.withUnsafeBufferPointer { p in map(p.count) { state.update(p[$0]) } }
    }

    /// `talib.MACD(x, fast, slow, signal)` → (macd, signal, histogram).
    public static func macd(_ x: [Double], fast: Int, slow: Int, signal: Int) -> ([Double], [Double], [Double]) {
        var state = TAMACD(fast: fast, slow: slow, signal: signal)
        var b = LargeArrays.doubles(count: x.count) { _ in }, c = LargeArrays.doubles(count: x.count) { _ in }
        let a = map(x.count) { i in
            let (m, s, h) = state.update(x[i])
            b[i] = s
            c[i] = h
            return m
        }
        return (a, b, c)
    }

    /// `talib.BBANDS(x, period, k, k, SMA)` → (upper, middle, lower).
    public static func bollingerBands(_ x: [Double], period: Int, deviations: Double) -> ([Double], [Double], [Double]) {
        var state = TABBands(period: period, deviations: deviations)
        var b = LargeArrays.doubles(count: x.count) { _ in }, c = LargeArrays.doubles(count: x.count) { _ in }
        let a = map(x.count) { i in
            let (u, m, l) = state.update(x[i])
            b[i] = m
            c[i] = l
            return u
        }
        return (a, b, c)
    }

    /// `talib.ATR(h, l, c, period)`.
    public static func atr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        var state = TAATR(period: period)
        return map(close.count) { state.update(high: high[$0], low: low[$0], close: close[$0]) }
    }

    /// `talib.NATR(h, l, c, period)`.
    public static func natr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        var state = TAATR(period: period)
        return map(close.count) { i in
            let a = state.update(high: high[i], low: low[i], close: close[i])
            return a.isNaN ? .nan : (!taIsZero(close[i]) ? (a / close[i]) * 100.0 : 0)
        }
    }

    /// `talib.ADX(h, l, c, period)`.
    public static func adx(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        var state = TAADX(period: period)
        return map(close.count) { state.update(high: high[$0], low: low[$0], close: close[$0]) }
    }

    /// `talib.CCI(h, l, c, period)`. Same arithmetic, in the same order, as `TACCI` (the engine's
    /// state machine), reading the window straight from the typical-price array.
    public static func cci(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        let n = close.count
        let typical = (0..<n).map { (high[$0] + low[$0] + close[$0]) / 3 }
        return typical.withUnsafeBufferPointer { tp in
            map(n) { i in
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
        var state = TAMFI(period: period)
        return map(close.count) { state.update(high: high[$0], low: low[$0], close: close[$0], volume: volume[$0]) }
    }

    /// `talib.STOCHF(h, l, c, kPeriod, dPeriod, SMA)` → (fastk with lookback kPeriod−1, fastd).
    public static func stochasticFast(high: [Double], low: [Double], close: [Double], kPeriod: Int, dPeriod: Int)
        -> ([Double], [Double])
    {
        var smooth = TASMA(period: dPeriod)
        var d = LargeArrays.doubles(count: close.count) { $0.initialize(repeating: .nan) }
        let k = high.withUnsafeBufferPointer { h in
            low.withUnsafeBufferPointer { l in
                var extremes = TrackedExtremes(high: h, low: l, period: kPeriod)
                return map(close.count) { i in
                    guard i >= kPeriod - 1 else { return .nan }
                    let (hh, ll) = extremes.at(i)
                    let value = stochasticK(close: close[i], highest: hh, lowest: ll)
                    d[i] = smooth.update(value)
                    return value
                }
            }
        }
        return (k, d)
    }

    /// `talib.WILLR(h, l, c, period)`.
    public static func williamsR(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        high.withUnsafeBufferPointer { h in
            low.withUnsafeBufferPointer { l in
                var extremes = TrackedExtremes(high: h, low: l, period: period)
                return map(close.count) { i in
                    guard i >= period - 1 else { return .nan }
                    let (hh, ll) = extremes.at(i)
                    return KiloCore.williamsR(close: close[i], highest: hh, lowest: ll)
                }
            }
        }
    }

    /// `talib.ROC(x, period)`.
    public static func roc(_ x: [Double], period: Int) -> [Double] {
        map(x.count) { $0 < period ? .nan : rateOfChange(x[$0], x[$0 - period]) }
    }

    /// `talib.MOM(x, period)`.
    public static func mom(_ x: [Double], period: Int) -> [Double] {
        map(x.count) { $0 < period ? .nan : x[$0] - x[$0 - period] }
    }

    /// Rolling OBV: `talib.OBV[t] − talib.OBV[t−window]` (the feature `obv`).
    public static func rollingOBV(close: [Double], volume: [Double], window: Int) -> [Double] {
        var sum = RollingSum(period: window)
        return map(close.count) { i in
            guard i > 0 else { return .nan }
            let c = close[i], p = close[i - 1]
            return sum.update(c > p ? volume[i] : (c < p ? -volume[i] : 0))
        }
    }

    /// Rolling A/D: `talib.AD[t] − talib.AD[t−window]` (the feature `accumulation_distribution`).
    public static func rollingAD(high: [Double], low: [Double], close: [Double], volume: [Double], window: Int)
        -> [Double]
    {
        var sum = RollingSum(period: window)
        return map(close.count) { i in
            let h = high[i], l = low[i], c = close[i]
            let range = h - l
            return sum.update(range > 0 ? (((c - l) - (h - c)) / range) * volume[i] : 0)
        }
    }
}
