import Foundation
import Synchronization

/// Fetches closed klines of one symbol from a Binance-compatible REST endpoint, with retries.
///
/// `GET {baseURL}/api/v3/klines?symbol=BTCEUR&interval=30m&limit=N[&startTime=ms]` (public, no
/// key). Transport failures and 5xx are retried after a jittered exponential backoff; 429 / 418
/// wait their `Retry-After`; a wait longer than the policy's maximum is not slept through: the
/// client refuses every request until it has passed (rate limits apply to the whole client).
/// Waits go through the injected clock and stop early on cancellation.
public final class KlineClient: Sendable {
    /// The most klines one request may ask for.
    public static let maxLimit = 1_000

    /// The endpoint's base URL, without a trailing slash.
    public let baseURL: String
    private let transport: any HTTPTransport
    private let timeoutSeconds: Double
    private let clock: any LiveClock
    private let cancellation: CancellationToken
    private let state: Mutex<(policy: RetryPolicy, blockedUntil: Int64)>

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: for example `https://api.binance.com` (a trailing `/` is dropped).
    ///   - transport: sends the requests (`URLSessionTransport()` for real use).
    ///   - retry: attempts, backoff and jitter.
    ///   - timeoutSeconds: the timeout of each request (> 0).
    ///   - clock: the sleeper between attempts.
    ///   - cancellation: stops waiting between attempts.
    public init(
        baseURL: String, transport: any HTTPTransport, retry: RetryPolicy, timeoutSeconds: Double,
        clock: any LiveClock, cancellation: CancellationToken = .never
    ) {
        precondition(timeoutSeconds > 0, "KlineClient.init: timeoutSeconds \(timeoutSeconds) ≤ 0")
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.transport = transport
        self.timeoutSeconds = timeoutSeconds
        self.clock = clock
        self.cancellation = cancellation
        state = Mutex((retry, Int64.min))
    }

    /// The request URL for one page of klines (`endTime`, when given, is the last open time
    /// wanted, inclusive, as the endpoint reads it).
    public func url(
        symbol: String, interval: BarInterval, startTime: Int64?, endTime: Int64? = nil, limit: Int
    ) -> String {
        let encoded = symbol.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? symbol
        var text = "\(baseURL)/api/v3/klines?symbol=\(encoded)&interval=\(interval.name)&limit=\(limit)"
        if let startTime { text += "&startTime=\(startTime)" }
        if let endTime { text += "&endTime=\(endTime)" }
        return text
    }

    /// One page of klines with the request weight the endpoint says this client has used in the
    /// current minute (`X-MBX-USED-WEIGHT-1M`, `nil` when the header is absent or not a number).
    public struct Page: Sendable, Equatable {
        /// The closed klines, oldest first.
        public var klines: [Kline]
        /// The used request weight of the current minute, as reported.
        public var usedWeight: Int?
        /// The number of rows the endpoint sent, forming candle included (a page shorter than
        /// the limit asked for is the last one).
        public var rowsSent: Int
    }

    /// The closed klines of `symbol` from `startTime` on (the newest `limit` without one), oldest
    /// first; the still-forming candle (close time ≥ `now`) is never returned.
    ///
    /// - Parameters:
    ///   - limit: 1 ... `maxLimit`.
    ///   - now: the current time, epoch milliseconds.
    /// - Throws: `LiveFeedError` after the last attempt (`.network`, `.httpStatus`), at once for
    ///   final statuses, rejected bodies (`.rejected`) and while rate limited (`.rateLimited`), or
    ///   `.cancelled`.
    public func fetch(
        symbol: String, interval: BarInterval, startTime: Int64?, limit: Int, now: Int64
    ) throws(LiveFeedError) -> [Kline] {
        try fetchPage(
            symbol: symbol, interval: interval, startTime: startTime, endTime: nil, limit: limit, now: now
        ).klines
    }

    /// `fetch` with an optional last open time (`endTime`, inclusive), returning the page with
    /// the used request weight the endpoint reported; retries and rate limits as `fetch`.
    /// - Throws: as `fetch`.
    /// - Complexity: O(response size) per attempt.
    public func fetchPage(
        symbol: String, interval: BarInterval, startTime: Int64?, endTime: Int64?, limit: Int, now: Int64
    ) throws(LiveFeedError) -> Page {
        precondition(
            (1...Self.maxLimit).contains(limit), "KlineClient.fetch: limit \(limit) not in 1...1000")
        let urlText = url(symbol: symbol, interval: interval, startTime: startTime, endTime: endTime, limit: limit)
        guard let url = URL(string: urlText) else {
            throw .rejected(symbol: symbol, url: urlText, reason: "not a valid url")
        }
        let request = HTTPRequest(url: url, timeout: timeoutSeconds)
        let maxAttempts = state.withLock { $0.policy.maxAttempts }
        var attempt = 0
        while true {
            attempt += 1
            let blockedUntil = state.withLock { $0.blockedUntil }
            if clock.now() < blockedUntil {
                throw .rateLimited(symbol: symbol, url: urlText, untilMilliseconds: blockedUntil)
            }
            let wait: Int64
            do {
                let response = try transport.send(request)
                if response.status == 200 {
                    do {
                        let all = try KlineParser.klines(in: response.body, interval: interval)
                        return Page(
                            klines: all.filter { $0.closeTime < now },
                            usedWeight: Self.usedWeight(response), rowsSent: all.count)
                    } catch {
                        throw LiveFeedError.rejected(symbol: symbol, url: urlText, reason: error.reason)
                    }
                }
                guard RetryPolicy.isRetryable(status: response.status) else {
                    throw LiveFeedError.httpStatus(
                        symbol: symbol, url: urlText, status: response.status,
                        message: Self.message(response.body), attempts: attempt)
                }
                if RetryPolicy.isRateLimit(status: response.status) {
                    let delay = RetryPolicy.retryAfterMilliseconds(response) ?? backoff(retry: attempt)
                    let limit = state.withLock { $0.policy.maxDelayMilliseconds }
                    if delay > limit || attempt >= maxAttempts {
                        let until = clock.now() + delay
                        state.withLock { $0.blockedUntil = max($0.blockedUntil, until) }
                        throw LiveFeedError.rateLimited(
                            symbol: symbol, url: urlText, untilMilliseconds: until)
                    }
                    wait = delay
                } else {
                    guard attempt < maxAttempts else {
                        throw LiveFeedError.httpStatus(
                            symbol: symbol, url: urlText, status: response.status,
                            message: Self.message(response.body), attempts: attempt)
                    }
                    wait = backoff(retry: attempt)
                }
            } catch let error as LiveFeedError {
                throw error
            } catch let error as NetworkError {
                guard attempt < maxAttempts else {
                    throw LiveFeedError.network(
                        symbol: symbol, url: urlText, reason: error.description, attempts: attempt)
                }
                wait = backoff(retry: attempt)
            } catch {
                throw .network(symbol: symbol, url: urlText, reason: "\(error)", attempts: attempt)
            }
            if !clock.sleep(milliseconds: wait, cancellation: cancellation) {
                throw .cancelled(symbol: symbol)
            }
        }
    }

    /// `X-MBX-USED-WEIGHT-1M` (header names are lower-cased), or `nil`.
    static func usedWeight(_ response: HTTPResponse) -> Int? {
        response.headers["x-mbx-used-weight-1m"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    private func backoff(retry: Int) -> Int64 {
        state.withLock { $0.policy.backoffMilliseconds(retry: retry) }
    }

    /// The endpoint's error text: `msg (code n)` from `{"code":n,"msg":"..."}`, else the body's
    /// first 200 characters.
    static func message(_ body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let msg = object["msg"] as? String
        {
            return object["code"].map { "\(msg) (code \($0))" } ?? msg
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
