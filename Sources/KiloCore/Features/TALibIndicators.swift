/// Streaming re-implementations of TA-Lib's default (non-Metastock, unstable period 0) indicators.
///
/// Each follows the order of operations of the TA-Lib C function named in its doc, so values equal
/// TA-Lib's on the same series to ~1e-12 relative. Each returns NaN for its `lookback` leading bars.

/// TA-Lib's zero test (`TA_IS_ZERO`, epsilon 1e-14).
@inline(__always) func taIsZero(_ v: Double) -> Bool { -1e-14 < v && v < 1e-14 }

/// TA-Lib's seed-and-smooth recurrence, shared by EMA, RSI and ATR: NaN until `period` values
/// were seen, then their mean (`(Σ + x) / period`, the sum kept in order), then
/// `value·decay + x·weight` (one multiply-add on the dependency chain).
struct TASeededSmoother: Sendable {
    let period: Int
    private let decay: Double
    private let weight: Double
    private var seen = 0
    private var value = 0.0

    init(period: Int, decay: Double, weight: Double) {
        self.period = period
        self.decay = decay
        self.weight = weight
    }

    /// Wilder smoothing `(prev·(n−1) + x)/n`, computed as `prev·((n−1)/n) + x·(1/n)`: a
    /// 2-operation chain instead of 3 with a division (~1e-15 relative from TA-Lib).
    static func wilder(period: Int) -> TASeededSmoother {
        TASeededSmoother(period: period, decay: Double(period - 1) / Double(period), weight: 1 / Double(period))
    }

    /// Whether the first value (the seed mean) has been returned.
    var isSeeded: Bool { seen >= period }

    /// The value last returned, once seeded (a bar without an input leaves it as it is).
    var smoothed: Double { isSeeded ? value : .nan }

    @inline(__always) mutating func update(_ x: Double) -> Double {
        seen += 1
        if seen < period {
            value += x
            return .nan
        }
        if seen == period {
            value = (value + x) / Double(period)
            return value
        }
        value = value * decay + x * weight
        return value
    }
}

/// TA-Lib `EMA` (ta_EMA.c, default compatibility): seeded with the SMA of the first `period`
/// values, then `prev + k·(x − prev)` with `k = 2/(period+1)`, computed as `prev·(1−k) + x·k`
/// (~1e-15 relative from TA-Lib). Lookback `period − 1`.
struct TAEMA: Sendable {
    private var smoother: TASeededSmoother

    init(period: Int) {
        let k = 2.0 / Double(period + 1)
        smoother = TASeededSmoother(period: period, decay: 1 - k, weight: k)
    }

    var period: Int { smoother.period }

    @inline(__always) mutating func update(_ x: Double) -> Double { smoother.update(x) }
}

/// TA-Lib `RSI` (ta_RSI.c): gains and losses of the first `period` differences averaged, then
/// Wilder smoothing; `100·gain/(gain+loss)`, 0 when both are zero. Lookback `period`.
struct TARSI: Sendable {
    let period: Int
    private var seen = 0
    private var previous = 0.0
    private var gain: TASeededSmoother
    private var loss: TASeededSmoother

    init(period: Int) {
        self.period = period
        gain = .wilder(period: period)
        loss = .wilder(period: period)
    }

    @inline(__always) mutating func update(_ x: Double) -> Double {
        seen += 1
        if seen == 1 {
            previous = x
            return .nan
        }
        let change = x - previous
        previous = x
        let up: Double, down: Double
        if seen <= period + 1 {
            // The seed sums as TA-Lib adds: a NaN change counts as a gain only.
            up = change < 0 ? 0 : change
            down = change < 0 ? -change : 0
        } else {
            // max(change, 0) and max(−change, 0) without a branch (exact: c+|c| = 2c or 0).
            let magnitude = abs(change)
            up = (change + magnitude) * 0.5
            down = (magnitude - change) * 0.5
        }
        let averageLoss = loss.update(down)
        let averageGain = gain.update(up)
        guard seen > period else { return .nan }
        let total = averageGain + averageLoss
        return total != 0 ? 100.0 * (averageGain / total) : 0
    }
}

/// TA-Lib true range (ta_TRANGE.c): the greatest of `H−L`, `|C₋₁−H|`, `|C₋₁−L|`.
@inline(__always) func trueRange(high: Double, low: Double, previousClose: Double) -> Double {
    var greatest = high - low
    let up = abs(previousClose - high)
    if up > greatest { greatest = up }
    let down = abs(previousClose - low)
    if down > greatest { greatest = down }
    return greatest
}

/// TA-Lib `ATR` (ta_ATR.c): the first value is the mean of the first `period` true ranges (from
/// the second bar), then Wilder smoothing (`TASeededSmoother.wilder`). Lookback `period`.
struct TAATR: Sendable {
    private var seen = 0
    private var previousClose = 0.0
    private var smoother: TASeededSmoother

    init(period: Int) {
        smoother = .wilder(period: period)
    }

    var period: Int { smoother.period }

    @inline(__always) mutating func update(high: Double, low: Double, close: Double) -> Double {
        seen += 1
        defer { previousClose = close }
        if seen == 1 { return .nan }
        return smoother.update(trueRange(high: high, low: low, previousClose: previousClose))
    }
}

/// TA-Lib `ADX` (ta_ADX.c): Wilder sums of +DM, −DM and TR (first `period−1` summed, then
/// `prev − prev/n + x`), DX from the DIs, first ADX = mean of `period` DX, then Wilder smoothing
/// (`TASeededSmoother.wilder`); a bar whose TR or DI sum is zero adds nothing to the first mean
/// and leaves the ADX unchanged after it. Lookback `2·period − 1`. The sums multiply by a
/// precomputed `(n−1)/n` (~1e-15 relative from TA-Lib).
struct TAADX: Sendable {
    let period: Int
    private let decay: Double
    private var seen = 0
    private var previousHigh = 0.0
    private var previousLow = 0.0
    private var previousClose = 0.0
    private var plusDM = 0.0
    private var minusDM = 0.0
    private var range = 0.0
    private var adx: TASeededSmoother

    init(period: Int) {
        self.period = period
        decay = Double(period - 1) / Double(period)
        adx = .wilder(period: period)
    }

    @inline(__always) mutating func update(high: Double, low: Double, close: Double) -> Double {
        seen += 1
        if seen == 1 {
            previousHigh = high
            previousLow = low
            previousClose = close
            return .nan
        }
        let diffP = high - previousHigh
        previousHigh = high
        let diffM = previousLow - low
        previousLow = low
        if seen <= period {
            if diffM > 0 && diffP < diffM {
                minusDM += diffM
            } else if diffP > 0 && diffP > diffM {
                plusDM += diffP
            }
            range += trueRange(high: previousHigh, low: previousLow, previousClose: previousClose)
            previousClose = close
            return .nan
        }
        // Wilder sums `prev − prev/n + x`, as `prev·((n−1)/n) + x` (no division in the chain).
        minusDM *= decay
        plusDM *= decay
        // TA-Lib's "+DM or −DM" rule as selects (adding 0 leaves the sum's bits unchanged).
        let isMinus = diffM > 0 && diffP < diffM
        let isPlus = !isMinus && diffP > 0 && diffP > diffM
        minusDM += isMinus ? diffM : 0
        plusDM += isPlus ? diffP : 0
        range = range * decay + trueRange(
            high: previousHigh, low: previousLow, previousClose: previousClose)
        previousClose = close
        var dx = Double.nan
        if !taIsZero(range) {
            let minusDI = 100.0 * (minusDM / range)
            let plusDI = 100.0 * (plusDM / range)
            let sum = minusDI + plusDI
            if !taIsZero(sum) { dx = 100.0 * (abs(minusDI - plusDI) / sum) }
        }
        // The first DX arrives at bar period + 1, so the seed mean is complete at bar 2·period.
        // An undefined DX adds 0 to the seed (exact: the sum is never −0) and is skipped after it.
        if dx.isNaN && adx.isSeeded { return adx.smoothed }
        return adx.update(dx.isNaN ? 0 : dx)
    }
}

/// TA-Lib `MACD` (ta_MACD.c): the slow EMA starts at the first bar, the fast EMA is seeded where
/// TA-Lib seeds it (its SMA window ends where the slow EMA's first value is), the signal is the
/// EMA of MACD from there. All three outputs share lookback `slow − 1 + signal − 1`.
struct TAMACD: Sendable {
    let fast: Int, slow: Int, signal: Int
    private var seen = 0
    private var fastEMA: TAEMA
    private var slowEMA: TAEMA
    private var signalEMA: TAEMA

    init(fast: Int, slow: Int, signal: Int) {
        self.fast = fast
        self.slow = slow
        self.signal = signal
        fastEMA = TAEMA(period: fast)
        slowEMA = TAEMA(period: slow)
        signalEMA = TAEMA(period: signal)
    }

    var lookback: Int { slow - 1 + signal - 1 }

    /// Returns (macd, signal, histogram), NaN during the warm-up.
    @inline(__always) mutating func update(_ x: Double) -> (Double, Double, Double) {
        seen += 1
        let s = slowEMA.update(x)
        let f = seen > slow - fast ? fastEMA.update(x) : .nan
        guard seen >= slow else { return (.nan, .nan, .nan) }
        let macd = f - s
        let sig = signalEMA.update(macd)
        guard seen > lookback else { return (.nan, .nan, .nan) }
        return (macd, sig, macd - sig)
    }
}

/// TA-Lib `BBANDS` with an SMA middle band (ta_BBANDS.c, `TA_INT_stddev_using_precalc_ma`):
/// population deviation from running sums of squares, `E[x²] − mean²`, 0 when not positive.
/// Lookback `period − 1`.
struct TABBands: Sendable {
    let period: Int
    let deviations: Double
    private var middle: TASMA
    private var sumSquares = 0.0
    private var seen = 0
    private var window: History

    init(period: Int, deviations: Double) {
        self.period = period
        self.deviations = deviations
        middle = TASMA(period: period)
        window = History(capacity: period)
    }

    /// Returns (upper, middle, lower).
    @inline(__always) mutating func update(_ x: Double) -> (Double, Double, Double) {
        window.push(x)
        seen += 1
        let mid = middle.update(x)
        if seen < period {
            sumSquares += x * x
            return (.nan, .nan, .nan)
        }
        sumSquares += x * x
        var meanSquare = sumSquares / Double(period)
        let old = window[period - 1]
        sumSquares -= old * old
        meanSquare -= mid * mid
        let sd = meanSquare < 1e-14 ? 0 : meanSquare.squareRoot()
        let band = sd * deviations
        return (mid + band, mid, mid - band)
    }
}

/// TA-Lib `CCI` (ta_CCI.c): typical price `(H+L+C)/3`, its mean and mean absolute deviation over
/// `period`, `(TP − mean)/(0.015·MAD)`, 0 when either is zero. Lookback `period − 1`.
/// - Complexity: O(period) per bar.
struct TACCI: Sendable {
    let period: Int
    private var seen = 0
    private var window: History

    init(period: Int) {
        self.period = period
        window = History(capacity: period)
    }

    @inline(__always) mutating func update(high: Double, low: Double, close: Double) -> Double {
        let typical = (high + low + close) / 3
        window.push(typical)
        seen += 1
        guard seen >= period else { return .nan }
        var sum = 0.0
        var lag = period - 1
        while lag >= 0 {
            sum += window[lag]
            lag -= 1
        }
        let mean = sum / Double(period)
        var deviation = 0.0
        lag = period - 1
        while lag >= 0 {
            deviation += abs(window[lag] - mean)
            lag -= 1
        }
        let centred = typical - mean
        guard centred != 0, deviation != 0 else { return 0 }
        return centred / (0.015 * (deviation / Double(period)))
    }
}

/// TA-Lib `MFI` (ta_MFI.c, TA-Lib 0.8): money flow `TP·V` counted positive or negative by the
/// sign of the typical-price change, running sums over `period`; `100·pos/(pos+neg)` with the
/// numerator clamped into `[0, total]`, 0 for an empty window (total ≤ 0). Lookback `period`.
///
/// Two rules make it differ from the textbook ratio:
/// - a typical-price change within `1e-14 × (|TP| + |TP₋₁|)` (TA-Lib's `TA_IS_ZERO_SCALED`, about
///   90 ulp) is no move: the bar's flow is 0. `(h + l + c) / 3` of two bars with the same prices
///   in another order can differ by one ulp, which the textbook counts as a whole bar of flow
///   (DOTEUR row 402: a −8.9e−16 change carrying 251 units);
/// - after `period` bars in a row with no flow (no move or zero volume) the window is empty, so
///   both sums are set to exactly 0 (dropping the add-then-subtract residue).
struct TAMFI: Sendable {
    let period: Int
    private var seen = 0
    private var previousTypical = 0.0
    /// Flows of bars whose typical price rose (or held), and of bars whose typical price fell.
    private var positive: FlowWindow
    private var negative: FlowWindow
    /// Bars in a row that put no flow into the window (capped at `period`).
    private var nullRun = 0

    /// One side's flows over the window and their running sum, added and subtracted in TA-Lib's order.
    private struct FlowWindow {
        private(set) var sum = 0.0
        private var flows: History

        init(period: Int) { flows = History(capacity: period + 1) }

        /// Takes out the flow `period` bars old (the one leaving the window).
        @inline(__always) mutating func dropOldest(period: Int) { sum -= flows[period - 1] }

        /// Adds the newest bar's flow.
        @inline(__always) mutating func add(_ flow: Double) {
            flows.push(flow)
            sum += flow
        }

        /// An empty window sums to exactly 0 (no add-then-subtract residue).
        @inline(__always) mutating func clear() { sum = 0 }
    }

    init(period: Int) {
        self.period = period
        positive = FlowWindow(period: period)
        negative = FlowWindow(period: period)
    }

    @inline(__always) mutating func update(high: Double, low: Double, close: Double, volume: Double)
        -> Double
    {
        seen += 1
        let typical = (high + low + close) / 3
        defer { previousTypical = typical }
        if seen == 1 { return .nan }
        if seen > period + 1 {
            positive.dropOldest(period: period)
            negative.dropOldest(period: period)
        }
        let change = typical - previousTypical
        let scale = abs(typical) + abs(previousTypical)
        // The multiply-compare form of TA_IS_ZERO_SCALED (not a fused subtraction).
        let flow = abs(change) <= 1e-14 * scale ? 0 : typical * volume
        let down = change < 0 ? flow : 0
        let up = change < 0 ? 0 : flow
        negative.add(down)
        positive.add(up)
        nullRun = flow == 0 ? min(nullRun + 1, period) : 0
        if nullRun >= period {
            positive.clear()
            negative.clear()
        }
        guard seen > period else { return .nan }
        let total = positive.sum + negative.sum
        guard total > 0 else { return 0 }
        let rising = positive.sum
        let clamped = rising < 0 ? 0 : (rising > total ? total : rising)
        return 100.0 * (clamped / total)
    }
}
