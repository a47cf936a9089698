/// Where a symbol's model predictions come from: the seam between the trader and the models.
///
/// A source is asked, once per iteration, for its predictions of the next bar's return at
/// `barIndex`, the bar that has just closed. It may read `bars[0...barIndex]` and nothing later
/// (no look-ahead); the trader never asks for an index whose bar is not closed. A source should be
/// a function of those bars only (any incremental state must give the same answer as a fresh
/// computation), because a resumed trader asks a fresh source from wherever it stopped.
///
/// One source may answer for several models (a model bundle) or one; a symbol may have several
/// sources, whose answers are merged (the first source naming a model wins).
public protocol SignalSource {
    /// Closed bars needed (indices `0..<warmupBars`) before the first prediction; asked earlier,
    /// the trader skips the source.
    var warmupBars: Int { get }

    /// The predicted next-bar returns by model, at the closed bar `barIndex` of `bars`.
    ///
    /// A model that cannot predict (not loaded, spec hash mismatch) is simply left out.
    /// - Throws: any error; the trader skips the symbol for this iteration with the error's
    ///   description as the reason.
    func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int) throws -> [ModelKind:
        Double]

    /// The predictions given the account as well (see the extension's default).
    func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int, account: AccountSnapshot)
        throws -> [ModelKind: Double]
}

/// What a source may know of the account when it predicts, for agents whose observation
/// includes the portfolio (PPO): this symbol's position and the rest of equity as its cash.
public struct AccountSnapshot: Sendable, Equatable {
    /// Equity less this symbol's position value.
    public var cash: Double
    /// Units of this symbol held.
    public var units: Double
    /// Their average entry price (0 when flat).
    public var entryPrice: Double
    /// Bars since the position was opened (0 when flat).
    public var barsInPosition: Int
}

extension SignalSource {
    /// The predictions at `barIndex` given the account; sources that do not look at the account
    /// answer as `predictions(for:bars:upTo:)`.
    public func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int, account: AccountSnapshot)
        throws -> [ModelKind: Double]
    {
        try predictions(for: symbol, bars: bars, upTo: barIndex)
    }
}

/// The weighted mean of the models' predictions.
public enum Ensemble {
    /// `Σ wₘ·pₘ / Σ wₘ` over the models present with a finite prediction and a positive weight
    /// (the weights of the models present are renormalised); `nil` when none qualifies.
    /// Models are summed in `ModelKind` order so the result is bit-reproducible.
    public static func combine(_ predictions: [ModelKind: Double], weights: [String: Double])
        -> Double?
    {
        var weighted = 0.0
        var total = 0.0
        for model in ModelKind.allCases {
            guard let p = predictions[model], p.isFinite, let w = weights[model.rawValue], w > 0
            else {
                continue
            }
            weighted += w * p
            total += w
        }
        return total > 0 ? weighted / total : nil
    }
}

/// What the ensemble says to do.
public enum TradeSignal: String, Sendable, Codable, Equatable {
    case buy, sell, hold

    /// `buy` above `threshold`, `sell` below `−threshold`, else `hold`.
    public init(ensemble: Double, threshold: Double) {
        if ensemble > threshold {
            self = .buy
        } else if ensemble < -threshold {
            self = .sell
        } else {
            self = .hold
        }
    }
}

/// The dynamic signal threshold: `max(base, round-trip cost) × clamp(recent / reference, 0.5, 2)`.
public enum SignalThreshold {
    /// The threshold for one symbol at one bar.
    ///
    /// - Parameters:
    ///   - base: the symbol's base threshold.
    ///   - roundTripCost: the cost floor, `2 × (fee + slippage)`.
    ///   - recentVolatility: `Volatility.returnStd` over the last `volatility_window` changes,
    ///     or `nil` when too few bars have closed (the multiplier is then 1).
    ///   - referenceVolatility: the same measure over the symbol's training data.
    public static func value(
        base: Double, roundTripCost: Double, recentVolatility: Double?, referenceVolatility: Double
    ) -> Double {
        max(base, roundTripCost)
            * multiplier(recent: recentVolatility, reference: referenceVolatility)
    }

    /// `clamp(recent / reference, 0.5, 2)`, or 1 when either is unknown or not positive.
    public static func multiplier(recent: Double?, reference: Double) -> Double {
        guard let recent, recent.isFinite, reference.isFinite, reference > 0 else { return 1 }
        return min(max(recent / reference, 0.5), 2)
    }
}

/// The volatility measure shared by the trader (recent) and training (reference).
public enum Volatility {
    /// The sample standard deviation (n − 1) of the close-to-close percentage changes
    /// `close[i] / close[i−1] − 1` for `i` in `changes`; `nil` for fewer than two changes or a
    /// non-finite result.
    /// - Complexity: O(changes.count).
    public static func returnStd(close: [Double], changes: Range<Int>) -> Double? {
        precondition(
            changes.lowerBound >= 1 && changes.upperBound <= close.count,
            "Volatility.returnStd: changes \(changes) outside 1..<\(close.count)")
        let n = changes.count
        guard n >= 2 else { return nil }
        var mean = 0.0
        for i in changes { mean += close[i] / close[i - 1] - 1 }
        mean /= Double(n)
        var sum = 0.0
        for i in changes {
            let d = close[i] / close[i - 1] - 1 - mean
            sum += d * d
        }
        let std = (sum / Double(n - 1)).squareRoot()
        return std.isFinite ? std : nil
    }

    /// The recent volatility at closed bar `index`: `returnStd` of the last `window` changes
    /// ending at `index` (fewer when history is short); `nil` before two changes exist.
    public static func recent(close: [Double], endingAt index: Int, window: Int) -> Double? {
        let upper = index + 1
        let lower = max(1, upper - window)
        guard upper - lower >= 2 else { return nil }
        return returnStd(close: close, changes: lower..<upper)
    }

    /// The reference volatility of a training range of bars `bars`: `returnStd` of every change
    /// inside it. Use the same definition on both sides so the ratio is 1 for typical markets.
    public static func reference(close: [Double], bars: Range<Int>) -> Double? {
        guard bars.count >= 3 else { return nil }
        return returnStd(close: close, changes: (bars.lowerBound + 1)..<bars.upperBound)
    }
}
