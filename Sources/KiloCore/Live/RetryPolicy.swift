import Foundation

/// When and how long to wait before asking the endpoint again.
///
/// Retryable: transport failures (timeouts, refused or dropped connections), 5xx statuses, and
/// 429 / 418 (rate limits, which honour `Retry-After`). Every other status, such as 400
/// `{"code":-1121,"msg":"Invalid symbol."}`, is final. The backoff before retry `n` (1-based) is
/// drawn below `min(maxDelay, baseDelay × 2^(n−1))` with full or equal jitter from a seeded
/// `SplitMix64`, so the same seed gives the same waits.
public struct RetryPolicy: Sendable, Equatable {
    /// How a backoff is drawn below its cap.
    public enum Jitter: String, Sendable, Codable, CaseIterable {
        /// Uniform in `[0, cap]`.
        case full
        /// `cap / 2` plus uniform in `[0, cap / 2]`.
        case equal
    }

    /// Requests per fetch, the first included (≥ 1).
    public var maxAttempts: Int
    /// The cap of the first backoff, milliseconds.
    public var baseDelayMilliseconds: Int64
    /// The largest backoff, milliseconds; a `Retry-After` longer than this is not waited out
    /// inside one fetch (the symbol skips the step instead).
    public var maxDelayMilliseconds: Int64
    /// The jitter.
    public var jitter: Jitter
    private var generator: SplitMix64

    /// Creates a policy.
    public init(
        maxAttempts: Int, baseDelayMilliseconds: Int64, maxDelayMilliseconds: Int64,
        jitter: Jitter = .full, seed: UInt64
    ) {
        precondition(maxAttempts >= 1, "RetryPolicy.init: maxAttempts \(maxAttempts) < 1")
        precondition(
            baseDelayMilliseconds >= 0 && maxDelayMilliseconds >= baseDelayMilliseconds,
            "RetryPolicy.init: delays \(baseDelayMilliseconds) / \(maxDelayMilliseconds) out of order")
        self.maxAttempts = maxAttempts
        self.baseDelayMilliseconds = baseDelayMilliseconds
        self.maxDelayMilliseconds = maxDelayMilliseconds
        self.jitter = jitter
        generator = SplitMix64(seed: seed)
    }

    /// The policy of `trading.live`.
    public init(config: LiveConfig) {
        self.init(
            maxAttempts: config.maxRetries + 1,
            baseDelayMilliseconds: Int64((config.backoffBaseSeconds * 1_000).rounded()),
            maxDelayMilliseconds: Int64((config.backoffMaxSeconds * 1_000).rounded()),
            jitter: config.jitter, seed: config.seed)
    }

    /// Whether a response with `status` may succeed if asked again.
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 418 || (500...599).contains(status)
    }

    /// Whether `status` is a rate limit whose `Retry-After` must be honoured.
    public static func isRateLimit(status: Int) -> Bool { status == 429 || status == 418 }

    /// `Retry-After` in milliseconds (whole or decimal seconds); `nil` when absent or not a
    /// non-negative number (HTTP dates are not used by the klines endpoint).
    public static func retryAfterMilliseconds(_ response: HTTPResponse) -> Int64? {
        guard let text = response.headers["retry-after"]?.trimmingCharacters(in: .whitespaces),
            let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds < 1e9
        else { return nil }
        return Int64((seconds * 1_000).rounded(.up))
    }

    /// The backoff before retry `retry` (1 for the first retry), advancing the generator.
    /// - Complexity: O(1).
    public mutating func backoffMilliseconds(retry: Int) -> Int64 {
        precondition(retry >= 1, "RetryPolicy.backoffMilliseconds(retry:): retry \(retry) < 1")
        let doubling = Int64(1) << Int64(min(retry - 1, 40))
        let (product, overflow) = baseDelayMilliseconds.multipliedReportingOverflow(by: doubling)
        let cap = overflow ? maxDelayMilliseconds : min(maxDelayMilliseconds, product)
        let unit = generator.nextUnit()
        switch jitter {
        case .full: return Int64((Double(cap) * unit).rounded())
        case .equal: return cap / 2 + Int64((Double(cap - cap / 2) * unit).rounded())
        }
    }
}
