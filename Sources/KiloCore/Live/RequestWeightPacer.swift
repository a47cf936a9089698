import Synchronization

/// Keeps `fetch` under the endpoint's request-weight limit, shared by every symbol's worker.
///
/// Binance reports the weight used in the current minute in `X-MBX-USED-WEIGHT-1M`. Once a
/// response reports `threshold` of `limit` used, every worker holds its next request until the
/// next minute starts (the window resets on the minute), instead of running into a 429.
public final class RequestWeightPacer: Sendable {
    /// The weight allowed per minute.
    public let limit: Int
    /// The share of `limit` at which requests pause.
    public let threshold: Double
    private let pausedUntil = Mutex<Int64>(Int64.min)

    /// A pacer for `limit` weight per minute, pausing at `threshold` (0 < threshold ≤ 1) of it.
    public init(limit: Int, threshold: Double = 0.8) {
        precondition(limit > 0, "RequestWeightPacer.init: limit \(limit) ≤ 0")
        precondition(threshold > 0 && threshold <= 1, "RequestWeightPacer.init: threshold \(threshold)")
        self.limit = limit
        self.threshold = threshold
    }

    /// Records a response's used weight at `now` (epoch ms).
    /// - Returns: `true` when it starts a pause (until the next minute).
    /// - Complexity: O(1).
    @discardableResult
    public func record(usedWeight: Int?, now: Int64) -> Bool {
        guard let usedWeight, Double(usedWeight) >= Double(limit) * threshold else { return false }
        let nextMinute = (now / 60_000 + 1) * 60_000
        return pausedUntil.withLock { until in
            guard nextMinute > until else { return false }
            until = nextMinute
            return true
        }
    }

    /// Until when requests wait (epoch ms); in the past when they need not.
    public var resumeAt: Int64 { pausedUntil.withLock { $0 } }
}
