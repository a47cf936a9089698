import Foundation
import KiloTestSupport
import Synchronization
import Testing

@testable import KiloCore

/// Answers from a script, one entry per request (the last repeats); records the requests.
final class ScriptedTransport: HTTPTransport {
    private let state: Mutex<(script: [Result<HTTPResponse, NetworkError>], sent: [HTTPRequest])>

    init(_ script: [Result<HTTPResponse, NetworkError>]) { state = Mutex((script, [])) }

    var sent: [HTTPRequest] { state.withLock { $0.sent } }

    func send(_ request: HTTPRequest) throws(NetworkError) -> HTTPResponse {
        let next = state.withLock { state -> Result<HTTPResponse, NetworkError> in
            state.sent.append(request)
            return state.script.count > 1 ? state.script.removeFirst() : state.script[0]
        }
        return try next.get()
    }
}

@Suite struct KlineClientTests {
    typealias X = FakeExchange
    let interval = X.interval
    let t0 = X.openTime(1_000)
    let policy = RetryPolicy(
        maxAttempts: 3, baseDelayMilliseconds: 1_000, maxDelayMilliseconds: 30_000, seed: 5)

    func body(_ count: Int) -> Data {
        guard let series = X.recorded["BTCEUR"] else { return Data() }
        return Data("[\((1_000..<1_000 + count).map { X.row(series, $0) }.joined(separator: ","))]".utf8)
    }

    func client(_ transport: any HTTPTransport, clock: ManualClock, cancellation: CancellationToken = .never)
        -> KlineClient
    {
        KlineClient(
            baseURL: "http://127.0.0.1:9/", transport: transport, retry: policy, timeoutSeconds: 2,
            clock: clock, cancellation: cancellation)
    }

    func fetch(_ client: KlineClient, now: Int64 = .max) throws(LiveFeedError) -> [Kline] {
        try client.fetch(symbol: "BTCEUR", interval: interval, startTime: t0, limit: 3, now: now)
    }

    @Test func buildsTheKlinesURL() {
        let c = client(ScriptedTransport([.success(HTTPResponse(status: 200))]), clock: ManualClock(now: 0))
        #expect(c.baseURL == "http://127.0.0.1:9")
        #expect(
            c.url(symbol: "BTCEUR", interval: interval, startTime: 5, limit: 10)
                == "http://127.0.0.1:9/api/v3/klines?symbol=BTCEUR&interval=30m&limit=10&startTime=5")
        #expect(
            c.url(symbol: "ETHEUR", interval: interval, startTime: nil, limit: 1)
                == "http://127.0.0.1:9/api/v3/klines?symbol=ETHEUR&interval=30m&limit=1")
    }

    @Test func retriesServerErrorsAfterSeededBackoff() throws {
        let transport = ScriptedTransport([
            .success(HTTPResponse(status: 500)), .success(HTTPResponse(status: 503)),
            .success(HTTPResponse(status: 200, body: body(3))),
        ])
        let clock = ManualClock(now: 0)
        let klines = try fetch(client(transport, clock: clock))
        #expect(klines.map(\.openTime) == [t0, t0 + 1_800_000, t0 + 3_600_000])
        #expect(transport.sent.count == 3)
        #expect(transport.sent.first?.timeout == 2)
        var expected = policy
        #expect(
            clock.totalSlept
                == expected.backoffMilliseconds(retry: 1) + expected.backoffMilliseconds(retry: 2))
    }

    @Test func givesUpAfterTheLastAttempt() {
        let transport = ScriptedTransport([.success(HTTPResponse(status: 502, body: Data("bad gateway".utf8)))])
        let c = client(transport, clock: ManualClock(now: 0))
        #expect {
            try fetch(c)
        } throws: { error in
            guard case .httpStatus(_, _, 502, "bad gateway", 3) = error as? LiveFeedError else { return false }
            return true
        }
        #expect(transport.sent.count == 3)
    }

    @Test func transportFailuresAreRetriedThenReported() {
        let failure = NetworkError.connection(url: "u", message: "refused")
        let transport = ScriptedTransport([.failure(failure)])
        let c = client(transport, clock: ManualClock(now: 0))
        #expect(
            throws: LiveFeedError.network(
                symbol: "BTCEUR", url: c.url(symbol: "BTCEUR", interval: interval, startTime: t0, limit: 3),
                reason: failure.description, attempts: 3)
        ) { try fetch(c) }
        #expect(transport.sent.count == 3)
    }

    @Test func otherClientErrorsAreFinal() {
        let transport = ScriptedTransport([
            .success(HTTPResponse(status: 400, body: Data(#"{"code":-1121,"msg":"Invalid symbol."}"#.utf8)))
        ])
        let clock = ManualClock(now: 0)
        let c = client(transport, clock: clock)
        #expect {
            try fetch(c)
        } throws: { error in
            guard case .httpStatus(_, _, 400, "Invalid symbol. (code -1121)", 1) = error as? LiveFeedError
            else { return false }
            return true
        }
        #expect(transport.sent.count == 1 && clock.totalSlept == 0)
    }

    @Test func rateLimitsWaitExactlyRetryAfter() throws {
        let transport = ScriptedTransport([
            .success(HTTPResponse(status: 429, headers: ["retry-after": "2"])),
            .success(HTTPResponse(status: 418, headers: ["retry-after": "4"])),
            .success(HTTPResponse(status: 200, body: body(1))),
        ])
        let clock = ManualClock(now: 0)
        #expect(try fetch(client(transport, clock: clock)).count == 1)
        #expect(clock.totalSlept == 6_000)
    }

    @Test func aRateLimitOnTheLastAttemptBlocksLaterRequests() {
        let transport = ScriptedTransport([.success(HTTPResponse(status: 429, headers: ["retry-after": "1"]))])
        let clock = ManualClock(now: 100)
        let c = client(transport, clock: clock)
        #expect(throws: LiveFeedError.self) { try fetch(c) }
        #expect(transport.sent.count == 3)
        // Blocked for one second after the third 429 (at 2 100 ms): no request is sent until 3 100.
        #expect {
            try fetch(c)
        } throws: { error in
            guard case .rateLimited(_, _, 3_100) = error as? LiveFeedError else { return false }
            return true
        }
        #expect(transport.sent.count == 3)
        clock.advance(by: 1_000)
        #expect(throws: LiveFeedError.self) { try fetch(c) }
        #expect(transport.sent.count == 6)
    }

    @Test func cancellationStopsTheBackoff() {
        let token = CancellationToken()
        token.cancel()
        let transport = ScriptedTransport([.success(HTTPResponse(status: 500))])
        let c = client(transport, clock: ManualClock(now: 0), cancellation: token)
        #expect(throws: LiveFeedError.cancelled(symbol: "BTCEUR")) { try fetch(c) }
        #expect(transport.sent.count == 1)
    }

    @Test func rejectedBodiesAreNotRetried() {
        let transport = ScriptedTransport([.success(HTTPResponse(status: 200, body: Data("<html>".utf8)))])
        let c = client(transport, clock: ManualClock(now: 0))
        #expect {
            try fetch(c)
        } throws: { error in
            guard case .rejected(_, _, let reason) = error as? LiveFeedError else { return false }
            return reason == "malformed json: the body is not a JSON array"
        }
        #expect(transport.sent.count == 1)
    }

    @Test func hangUpsOverTheLoopbackAreNetworkErrors() throws {
        let server = try LoopbackHTTPServer { _ in .hangUp }
        defer { server.stop() }
        let c = KlineClient(
            baseURL: server.baseURL, transport: URLSessionTransport(), retry: policy, timeoutSeconds: 5,
            clock: ManualClock(now: 0))
        #expect {
            try fetch(c)
        } throws: { error in
            guard case .network(_, _, _, 3) = error as? LiveFeedError else { return false }
            return true
        }
        #expect(server.requests.count == 3)
        #expect(server.requests.first?.query["startTime"] == String(t0))
    }

    @Test func aPageCarriesTheUsedWeightAndAnEndTime() throws {
        let transport = ScriptedTransport([
            .success(HTTPResponse(status: 200, headers: ["x-mbx-used-weight-1m": "42"], body: body(3)))
        ])
        let c = client(transport, clock: ManualClock(now: 0))
        let page = try c.fetchPage(
            symbol: "BTCEUR", interval: interval, startTime: t0, endTime: t0 + 3_600_000, limit: 3, now: .max)
        #expect(page.klines.count == 3 && page.usedWeight == 42 && page.rowsSent == 3)
        #expect(transport.sent.first?.url.absoluteString.hasSuffix("&startTime=\(t0)&endTime=\(t0 + 3_600_000)") == true)
        let plain = try client(
            ScriptedTransport([.success(HTTPResponse(status: 200, body: body(2)))]), clock: ManualClock(now: 0)
        ).fetchPage(symbol: "BTCEUR", interval: interval, startTime: t0, endTime: nil, limit: 3, now: t0 + 1_800_000)
        #expect(plain.usedWeight == nil && plain.rowsSent == 2 && plain.klines.count == 1)
    }
}
