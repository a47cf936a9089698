/// Streaming building blocks shared by the indicators: a fixed-capacity history and rolling sums.
///
/// Every indicator in the feature engine is a state machine fed one bar at a time; the batch path
/// runs the same machines over all bars, so batch and streaming agree bit for bit.

/// The last values of a series, newest at lag 0.
/// - Complexity: O(1) per push and per lookup.
struct History: Sendable {
    private var storage: [Double]
    private let mask: Int
    private var head = -1

    /// A history holding at least `capacity` values (rounded up to a power of two).
    init(capacity: Int) {
        precondition(capacity >= 1, "History(capacity:) needs a positive capacity, got \(capacity)")
        var size = 1
        while size < capacity { size <<= 1 }
        storage = [Double](repeating: .nan, count: size)
        mask = size - 1
    }

    /// Appends the newest value.
    @inline(__always) mutating func push(_ x: Double) {
        head = (head &+ 1) & mask
        storage[head] = x
    }

    /// The value `lag` bars ago (0 = newest); callers keep `lag` below the capacity.
    @inline(__always) subscript(lag: Int) -> Double { storage[(head &- lag) & mask] }
}

/// The last `period + 1` values fed (the window and the value leaving it) and how many were
/// fed: the state every rolling statistic below keeps.
struct RollingWindow: Sendable {
    let period: Int
    /// Values fed so far.
    private(set) var seen = 0
    private var history: History

    init(period: Int) {
        self.period = period
        history = History(capacity: period + 1)
    }

    /// Appends the newest value.
    @inline(__always) mutating func push(_ x: Double) {
        history.push(x)
        seen += 1
    }

    /// The value `lag` pushes ago (0 = newest), `lag` at most `period`.
    @inline(__always) subscript(lag: Int) -> Double { history[lag] }
}

/// TA-Lib's simple moving average (`TA_SMA`, `TA_INT_SMA`): a running total to which the newest
/// value is added before the division and from which the oldest is subtracted after it.
/// Lookback `period - 1`.
struct TASMA: Sendable {
    private var window: RollingWindow
    private var total = 0.0

    init(period: Int) { window = RollingWindow(period: period) }

    var period: Int { window.period }

    /// Feeds `x`; returns the mean of the last `period` values, NaN during warm-up.
    @inline(__always) mutating func update(_ x: Double) -> Double {
        window.push(x)
        if window.seen < period {
            total += x
            return .nan
        }
        let sum = total + x
        total = sum - window[period - 1]
        return sum / Double(period)
    }
}

/// A rolling sum of the last `period` values (running add, subtract the value leaving),
/// NaN until `period` values were seen. Lookback `period - 1`.
struct RollingSum: Sendable {
    private var window: RollingWindow
    private var total = 0.0

    init(period: Int) { window = RollingWindow(period: period) }

    @inline(__always) mutating func update(_ x: Double) -> Double {
        window.push(x)
        total += x
        if window.seen > window.period { total -= window[window.period] }
        return window.seen >= window.period ? total : .nan
    }
}

/// pandas `rolling(p).std()` (ddof = 1, min_periods = p) of a streamed series, from running sums
/// of the values and their squares. Lookback `period - 1`.
struct RollingSampleStd: Sendable {
    private var window: RollingWindow
    private var sum = 0.0
    private var sumSquares = 0.0

    init(period: Int) {
        precondition(period >= 2, "RollingSampleStd(period:) needs period >= 2, got \(period)")
        window = RollingWindow(period: period)
    }

    @inline(__always) mutating func update(_ x: Double) -> Double {
        window.push(x)
        let (period, seen) = (window.period, window.seen)
        sum += x
        sumSquares += x * x
        if seen > period {
            let old = window[period]
            sum -= old
            sumSquares -= old * old
        }
        guard seen >= period else { return .nan }
        let n = Double(period)
        let variance = (sumSquares - sum * sum / n) / (n - 1)
        return variance > 0 ? variance.squareRoot() : 0
    }
}

/// The highest and lowest value of the last `period` entries of two histories.
/// - Complexity: O(period).
@inline(__always)
func windowExtremes(high: History, low: History, period: Int) -> (highest: Double, lowest: Double) {
    var highest = high[0]
    var lowest = low[0]
    var lag = 1
    while lag < period {
        let h = high[lag]
        let l = low[lag]
        if h > highest { highest = h }
        if l < lowest { lowest = l }
        lag += 1
    }
    return (highest, lowest)
}

/// The highest high and lowest low of the last `period` bars (a plain scan of the window: on
/// windows of 9–26 bars it measured faster than TA-Lib's tracked-extreme scheme).
/// - Complexity: O(period) per bar.
struct RollingExtremes: Sendable {
    let period: Int
    private var highs: History
    private var lows: History
    private var seen = 0

    init(period: Int) {
        self.period = period
        highs = History(capacity: period)
        lows = History(capacity: period)
    }

    /// Feeds a bar; returns (highest, lowest) over the last `period` bars, or NaNs in warm-up.
    @inline(__always) mutating func update(high: Double, low: Double) -> (highest: Double, lowest: Double) {
        highs.push(high)
        lows.push(low)
        seen += 1
        guard seen >= period else { return (.nan, .nan) }
        return windowExtremes(high: highs, low: lows, period: period)
    }
}
