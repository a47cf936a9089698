/// Why a symbol's new bar is not traded this iteration.
public enum BarRejection: Sendable, Equatable, CustomStringConvertible {
    /// The feed had no bar for the expected open time.
    case missing(expectedOpenTime: Int64)
    /// The bar closed too long before the feed clock (or has not closed yet).
    case stale(openTime: Int64, clock: Int64)
    /// Prices or volume are not finite, not positive, or high/low do not bound open/close.
    case insaneOHLC(openTime: Int64, detail: String)
    /// Bars are missing between the previous bar and this one.
    case gap(previousOpenTime: Int64, openTime: Int64, missingBars: Int64)

    public var description: String {
        switch self {
        case .missing(let t): return "missing bar at \(t)"
        case .stale(let t, let clock): return "stale bar at \(t) for clock \(clock)"
        case .insaneOHLC(let t, let detail): return "bad bar at \(t): \(detail)"
        case .gap(let previous, let t, let n):
            return "gap of \(n) bars between \(previous) and \(t)"
        }
    }
}

/// The checks a new bar passes before the trader acts on it.
public enum BarCheck {
    /// The first problem with `bar` of `history`, or `nil` when it is tradable.
    ///
    /// Fresh means closed (`open time + interval ≤ clock`) less than one interval before `clock`;
    /// a gap means the previous bar in `history` opened more than one interval earlier.
    public static func rejection(
        of bar: RevealedBar?, in history: BarSeries, expectedOpenTime: Int64, clock: Int64,
        interval: BarInterval
    ) -> BarRejection? {
        guard let bar else { return .missing(expectedOpenTime: expectedOpenTime) }
        let close = bar.openTime + interval.milliseconds
        if close > clock || clock - close >= interval.milliseconds {
            return .stale(openTime: bar.openTime, clock: clock)
        }
        if let detail = ohlcProblem(bar) {
            return .insaneOHLC(openTime: bar.openTime, detail: detail)
        }
        if bar.index > 0 {
            let previous = history.timestamps[bar.index - 1]
            let step = bar.openTime - previous
            if step > interval.milliseconds {
                return .gap(
                    previousOpenTime: previous, openTime: bar.openTime,
                    missingBars: step / interval.milliseconds - 1)
            }
        }
        return nil
    }

    /// What is wrong with the bar's numbers, or `nil`.
    static func ohlcProblem(_ bar: RevealedBar) -> String? {
        let prices = [bar.open, bar.high, bar.low, bar.close]
        if !prices.allSatisfy({ $0.isFinite && $0 > 0 }) {
            return "prices must be finite and positive"
        }
        if !(bar.volume.isFinite && bar.volume >= 0) {
            return "volume must be finite and at least 0"
        }
        if bar.high < max(bar.open, bar.close, bar.low) { return "high below open, close or low" }
        if bar.low > min(bar.open, bar.close) { return "low above open or close" }
        return nil
    }
}
