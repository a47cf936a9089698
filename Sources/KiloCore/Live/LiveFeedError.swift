/// A problem fetching or storing one symbol's live bars. The feed records it per symbol, leaves
/// the symbol out of that step's snapshot and keeps trading the others.
public enum LiveFeedError: Error, Equatable, CustomStringConvertible, Sendable {
    /// No HTTP response after every attempt (timeouts, refused or dropped connections).
    case network(symbol: String, url: String, reason: String, attempts: Int)
    /// An HTTP error status that is not retried (a 4xx such as 400 "Invalid symbol."), or a
    /// retryable one (5xx) still failing after every attempt.
    case httpStatus(symbol: String, url: String, status: Int, message: String, attempts: Int)
    /// The endpoint asked us to wait (429 or 418 with `Retry-After`) longer than the backoff
    /// allows; no request for this symbol is sent before `untilMilliseconds`.
    case rateLimited(symbol: String, url: String, untilMilliseconds: Int64)
    /// The response was refused as a whole: malformed JSON, missing or non-numeric fields, or
    /// times inconsistent with the interval.
    case rejected(symbol: String, url: String, reason: String)
    /// Cancellation was requested while waiting to retry.
    case cancelled(symbol: String)
    /// The local market store failed.
    case store(symbol: String, path: String, reason: String)

    /// The symbol the problem concerns.
    public var symbol: String {
        switch self {
        case .network(let symbol, _, _, _), .httpStatus(let symbol, _, _, _, _),
            .rateLimited(let symbol, _, _), .rejected(let symbol, _, _), .cancelled(let symbol),
            .store(let symbol, _, _):
            symbol
        }
    }

    public var description: String {
        switch self {
        case .network(let symbol, let url, let reason, let attempts):
            "symbol '\(symbol)': no response from '\(url)' after \(Self.attempts(attempts)): \(reason)"
        case .httpStatus(let symbol, let url, let status, let message, let attempts):
            "symbol '\(symbol)': http \(status) from '\(url)' after \(Self.attempts(attempts))"
                + (message.isEmpty ? "" : ": \(message)")
        case .rateLimited(let symbol, let url, let until):
            "symbol '\(symbol)': rate limited by '\(url)' until "
                + "\(BarTime.string(fromMilliseconds: until)) utc"
        case .rejected(let symbol, let url, let reason):
            "symbol '\(symbol)': response from '\(url)' rejected: \(reason)"
        case .cancelled(let symbol):
            "symbol '\(symbol)': fetch cancelled"
        case .store(let symbol, let path, let reason):
            "symbol '\(symbol)': market store '\(path)': \(reason)"
        }
    }

    private static func attempts(_ n: Int) -> String { n == 1 ? "1 attempt" : "\(n) attempts" }
}
