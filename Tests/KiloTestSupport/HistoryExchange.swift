import Foundation
import KiloCore
import Synchronization

/// A Binance-like klines endpoint on 127.0.0.1 serving a long synthetic history, for `fetch`.
///
/// Each symbol lists at `listing` and has a bar every 30 minutes up to the candle forming at the
/// clock's `now` (sent with partial prices, as the real endpoint does), except inside `gaps`
/// (maintenance windows: no bars at all). Honours `startTime`, `endTime` (inclusive) and `limit`
/// (1...1000), answers 400 `-1121 Invalid symbol.` for unknown symbols, and reports the request
/// weight used in the clock's current minute (2 per request) in `X-MBX-USED-WEIGHT-1M`. A fault
/// hook may replace any reply (429/418 with `Retry-After`, hang-ups).
public final class HistoryExchange: Sendable {
    public typealias Request = LoopbackHTTPServer.Request
    public typealias Reply = LoopbackHTTPServer.Reply
    /// Given the request and its 1-based number, a reply to send instead, or `nil`.
    public typealias Fault = @Sendable (Request, _ number: Int) -> Reply?

    /// The 30-minute interval served.
    public static let interval = BarInterval(seconds: 1_800)
    public static let step = interval.milliseconds

    /// A served request.
    public struct Served: Sendable, Equatable {
        public var symbol: String
        public var startTime: Int64?
        public var endTime: Int64?
        public var limit: Int
    }

    private final class Core: Sendable {
        let clock: any LiveClock
        let listings: [String: Int64]
        let gaps: [Range<Int64>]
        let fault = Mutex<Fault?>(nil)
        let served = Mutex<[Served]>([])
        let weight = Mutex<(minute: Int64, used: Int, most: Int)>((0, 0, 0))
        let inFlight = Mutex<(now: Int, most: Int)>((0, 0))
        init(clock: any LiveClock, listings: [String: Int64], gaps: [Range<Int64>]) {
            self.clock = clock
            self.listings = listings
            self.gaps = gaps
        }
    }

    private let core: Core
    /// The server.
    public let server: LoopbackHTTPServer

    /// Serves `listings` (symbol → first open time) as of `clock`, without bars in `gaps`.
    public init(clock: any LiveClock, listings: [String: Int64], gaps: [Range<Int64>] = []) throws {
        let core = Core(clock: clock, listings: listings, gaps: gaps)
        self.core = core
        server = try LoopbackHTTPServer { request in
            core.inFlight.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
            defer { core.inFlight.withLock { $0.now -= 1 } }
            let number = core.served.withLock { served in
                served.append(
                    Served(
                        symbol: request.query["symbol"] ?? "", startTime: request.query["startTime"].flatMap { Int64($0) },
                        endTime: request.query["endTime"].flatMap { Int64($0) },
                        limit: request.query["limit"].flatMap { Int($0) } ?? 500))
                return served.count
            }
            let now = core.clock.now()
            let used = core.weight.withLock { weight -> Int in
                if weight.minute != now / 60_000 { weight = (now / 60_000, 0, weight.most) }
                weight.used += 2
                weight.most = max(weight.most, weight.used)
                return weight.used
            }
            if let fault = core.fault.withLock({ $0 }), let reply = fault(request, number) { return reply }
            return HistoryExchange.klines(request, core: core, now: now, usedWeight: used)
        }
    }

    deinit { server.stop() }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { server.baseURL }

    /// Replaces the fault hook (`nil` serves normally).
    public func setFault(_ fault: Fault?) { core.fault.withLock { $0 = fault } }

    /// Every klines request, in arrival order.
    public var served: [Served] { core.served.withLock { $0 } }

    /// The most requests that were being answered at the same time.
    public var mostInFlight: Int { core.inFlight.withLock { $0.most } }

    /// The most request weight used within one minute of the clock.
    public var mostWeightInAMinute: Int { core.weight.withLock { $0.most } }

    /// Every closed bar's open time of `symbol` before `end`, gaps left out.
    public func openTimes(_ symbol: String, before end: Int64) -> [Int64] {
        guard let listing = core.listings[symbol] else { return [] }
        let gaps = core.gaps
        var times: [Int64] = []
        var t: Int64 = listing
        while t < end {
            if !gaps.contains(where: { $0.contains(t) }) { times.append(t) }
            t += HistoryExchange.step
        }
        return times
    }

    /// The deterministic close of the bar opening at `t`.
    public static func close(_ t: Int64) -> Double {
        let k = Double(t / step)
        return 20_000 + 5_000 * sin(k / 900) + 50 * sin(k / 7)
    }

    /// A Binance error body.
    public static func error(_ status: Int, _ code: Int, _ message: String, headers: [String: String] = [:]) -> Reply {
        .respond(
            status: status, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a },
            body: Data(#"{"code":\#(code),"msg":"\#(message)"}"#.utf8))
    }

    private static func klines(_ request: Request, core: Core, now: Int64, usedWeight: Int) -> Reply {
        guard request.path == "/api/v3/klines" else { return error(404, -1, "Not found.") }
        guard let symbol = request.query["symbol"], let listing = core.listings[symbol] else {
            return error(400, -1121, "Invalid symbol.")
        }
        guard request.query["interval"] == interval.name else { return error(400, -1120, "Invalid interval.") }
        let limit = request.query["limit"].flatMap { Int($0) } ?? 500
        guard (1...1_000).contains(limit) else { return error(400, -1100, "Illegal limit.") }
        let forming = now / step * step
        var t = max(listing, request.query["startTime"].flatMap { Int64($0) } ?? listing)
        if (t - listing) % step != 0 { t += step - (t - listing) % step }
        let last = min(forming, request.query["endTime"].flatMap { Int64($0) } ?? forming)
        var rows: [String] = []
        while t <= last && rows.count < limit {
            if !core.gaps.contains(where: { $0.contains(t) }) { rows.append(row(t, forming: t == forming)) }
            t += step
        }
        return .respond(
            status: 200,
            headers: ["Content-Type": "application/json", "X-MBX-USED-WEIGHT-1M": String(usedWeight)],
            body: Data("[\(rows.joined(separator: ","))]".utf8))
    }

    private static func row(_ t: Int64, forming: Bool) -> String {
        let close = forming ? close(t) * 1.2345 : close(t)
        let open = Self.close(t - step)
        func q(_ v: Double) -> String { "\"\(v)\"" }
        return "[\(t),\(q(open)),\(q(max(open, close) + 5)),\(q(min(open, close) - 5)),\(q(close)),\(q(12.5)),"
            + "\(t + step - 1),\(q(12.5 * close)),42,\(q(6.0)),\(q(6.0 * close)),\"0\"]"
    }
}
