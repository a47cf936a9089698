import Foundation
import KiloTestSupport
import Synchronization

@testable import KiloCore

/// A Binance-like `GET /api/v3/klines` on 127.0.0.1 serving the repository's recorded 30-minute
/// bars as of a manual clock: closed bars as recorded, plus the still-forming candle (with made-up
/// partial prices, so a leak would show), like the real endpoint. A settable fault hook replaces
/// any reply (500s, delays, 429, malformed bodies, lag, hang-ups).
final class FakeExchange: Sendable {
    typealias Request = LoopbackHTTPServer.Request
    typealias Reply = LoopbackHTTPServer.Reply
    typealias Fault = @Sendable (Request, _ now: Int64) -> Reply?

    static let interval = BarInterval(seconds: 1_800)
    static let step = interval.milliseconds

    /// BTCEUR and ETHEUR from `data/`, loaded once.
    static let recorded: [String: BarSeries] = {
        var series: [String: BarSeries] = [:]
        for symbol in ["BTCEUR", "ETHEUR"] {
            series[symbol] = try? BarLoader.load(path: RepoPaths.path("data/\(symbol)_30m.csv")).series
        }
        return series
    }()

    /// One request as served.
    struct Served: Sendable, Equatable {
        var symbol: String
        var startTime: Int64?
        var limit: Int
        /// The manual clock when it arrived (`nil` without a clock).
        var now: Int64?
    }

    private final class Core: Sendable {
        let clock: ManualClock?
        let fault = Mutex<Fault?>(nil)
        let served = Mutex<[Served]>([])
        init(clock: ManualClock?) { self.clock = clock }
    }

    private let core: Core
    let server: LoopbackHTTPServer

    /// Serves bars as of `clock` (every recorded bar, the future ones as forming, without one).
    init(clock: ManualClock?) throws {
        let core = Core(clock: clock)
        self.core = core
        server = try LoopbackHTTPServer { request in
            let now = core.clock?.now()
            if let symbol = request.query["symbol"] {
                let served = Served(
                    symbol: symbol, startTime: request.query["startTime"].flatMap { Int64($0) },
                    limit: request.query["limit"].flatMap { Int($0) } ?? 500, now: now)
                core.served.withLock { $0.append(served) }
            }
            if let fault = core.fault.withLock({ $0 }), let reply = fault(request, now ?? .max) {
                return reply
            }
            return FakeExchange.klines(request, asOf: now ?? .max)
        }
    }

    deinit { server.stop() }

    var baseURL: String { server.baseURL }

    /// Replaces the fault hook (`nil` serves normally).
    func setFault(_ fault: Fault?) { core.fault.withLock { $0 = fault } }

    /// Every klines request, in arrival order.
    var served: [Served] { core.served.withLock { $0 } }

    /// The normal answer to `request` as of `now`; a lagging exchange leaves the forming candle
    /// out (`includeForming: false`).
    static func klines(_ request: Request, asOf now: Int64, includeForming: Bool = true) -> Reply {
        guard request.path == "/api/v3/klines" else { return error(404, -1, "Not found.") }
        guard let symbol = request.query["symbol"], let series = recorded[symbol] else {
            return error(400, -1121, "Invalid symbol.")
        }
        guard request.query["interval"] == interval.name else {
            return error(400, -1120, "Invalid interval.")
        }
        let limit = request.query["limit"].flatMap { Int($0) } ?? 500
        guard (1...1_000).contains(limit) else { return error(400, -1100, "Illegal limit.") }
        let end = (series.lastIndex(atOrBefore: includeForming ? now : now - step) ?? -1) + 1
        var range: Range<Int>
        if let start = request.query["startTime"].flatMap({ Int64($0) }) {
            let first = (series.lastIndex(atOrBefore: start - 1) ?? -1) + 1
            range = first..<min(end, first + limit)
        } else {
            range = max(0, end - limit)..<end
        }
        if range.isEmpty { range = range.lowerBound..<range.lowerBound }
        let rows = range.map { row(series, $0, forming: series.timestamps[$0] + step > now) }
        return .respond(
            status: 200, headers: ["Content-Type": "application/json"],
            body: Data("[\(rows.joined(separator: ","))]".utf8))
    }

    /// The normal answer plus, whatever the limit, the candle forming at `now` (with partial
    /// prices), as an exchange whose page ends at the present sends it.
    static func klinesWithFormingCandle(_ request: Request, asOf now: Int64) -> Reply {
        guard case .respond(200, let headers, let body) = klines(request, asOf: now),
            let symbol = request.query["symbol"], let series = recorded[symbol],
            let i = series.lastIndex(atOrBefore: now), series.timestamps[i] + step > now
        else { return klines(request, asOf: now) }
        let forming = row(series, i, forming: true)
        var text = String(decoding: body, as: UTF8.self)
        guard !text.contains("[\(series.timestamps[i]),") else { return klines(request, asOf: now) }
        text.removeLast()
        text += (text == "[" ? "" : ",") + forming + "]"
        return .respond(status: 200, headers: headers, body: Data(text.utf8))
    }

    /// One kline row; a forming candle gets partial prices unlike the recorded bar.
    static func row(_ s: BarSeries, _ i: Int, forming: Bool = false) -> String {
        let t = s.timestamps[i]
        let close = forming ? s.open[i] * 1.2345 : s.close[i]
        let high = forming ? max(s.open[i], close) : s.high[i]
        let low = forming ? min(s.open[i], close) : s.low[i]
        let volume = forming ? s.volume[i] / 7 : s.volume[i]
        func q(_ v: Double) -> String { "\"\(v)\"" }
        let trades = Int64(s.trades?[i] ?? 0)
        return "[\(t),\(q(s.open[i])),\(q(high)),\(q(low)),\(q(close)),\(q(volume)),\(t + step - 1),"
            + "\(q(s.quoteVolume?[i] ?? 0)),\(trades),\(q(s.takerBuyBase?[i] ?? 0)),"
            + "\(q(s.takerBuyQuote?[i] ?? 0)),\"0\"]"
    }

    /// A Binance error body.
    static func error(_ status: Int, _ code: Int, _ message: String) -> Reply {
        .respond(
            status: status, headers: ["Content-Type": "application/json"],
            body: Data(#"{"code":\#(code),"msg":"\#(message)"}"#.utf8))
    }

    /// The open time of recorded bar `index` (BTCEUR and ETHEUR share their timestamps).
    static func openTime(_ index: Int) -> Int64 {
        recorded["BTCEUR"]?.timestamps[index] ?? 0
    }
}
