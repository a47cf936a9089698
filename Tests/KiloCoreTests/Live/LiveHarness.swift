import Foundation
import KiloTestSupport

@testable import KiloCore

/// A fake exchange, a manual clock and a market-store folder, for building live feeds in tests.
///
/// The clock starts 7 minutes into recorded bar 1100 (bar 1100 is forming, 1099 the newest
/// closed one).
final class LiveHarness {
    typealias X = FakeExchange
    static let startBar = 1_100
    static let grace: Int64 = 10_000
    static let symbols = ["BTCEUR", "ETHEUR"]

    let clock: ManualClock
    let exchange: FakeExchange
    let directory: String
    var storeDirectory: String { directory + "/market" }

    init(clock start: Int64 = X.openTime(startBar) + 7 * 60_000) throws {
        clock = ManualClock(now: start)
        exchange = try FakeExchange(clock: clock)
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "kilo-live-\(UUID().uuidString)"
            ).path
    }

    deinit {
        exchange.server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The `trading.live` section of these tests: short timeouts, few retries, no real waits.
    static func config(_ edit: (inout LiveConfig) -> Void = { _ in }) -> LiveConfig {
        var c = LiveConfig()
        c.graceSeconds = Double(grace) / 1_000
        c.timeoutSeconds = 5
        c.maxRetries = 2
        c.backoffBaseSeconds = 1
        c.backoffMaxSeconds = 30
        c.historyBars = 200
        c.seed = 7
        edit(&c)
        return c
    }

    /// A feed over the fake exchange with `config` (its base URL and store are set here).
    func feed(
        _ symbols: [String] = LiveHarness.symbols, config: LiveConfig = LiveHarness.config(),
        cancellation: CancellationToken = .never
    ) throws -> LiveFeed {
        var c = config
        c.baseURL = exchange.baseURL
        c.marketStore = storeDirectory
        return try LiveFeed(
            config: c, symbols: symbols, interval: X.interval, clock: clock,
            cancellation: cancellation)
    }

    /// The recorded series of `symbol`, bars `range`.
    static func recorded(_ symbol: String, _ range: Range<Int>) -> BarSeries? {
        X.recorded[symbol]?.slice(range)
    }

    /// The served requests of `symbol`.
    func served(_ symbol: String) -> [FakeExchange.Served] {
        exchange.served.filter { $0.symbol == symbol }
    }
}

/// The OHLCV columns and times of a series, for comparing across sources (described briefly).
struct Columns: Equatable, CustomStringConvertible {
    var t: [Int64]
    var o: [Double]
    var h: [Double]
    var l: [Double]
    var c: [Double]
    var v: [Double]

    init(_ s: BarSeries) {
        t = s.timestamps
        o = s.open
        h = s.high
        l = s.low
        c = s.close
        v = s.volume
    }

    var description: String {
        "\(t.count) bars \(t.first.map(String.init) ?? "-")...\(t.last.map(String.init) ?? "-"), "
            + "closes \(c.prefix(2))...\(c.suffix(2)), volume sum \(v.reduce(0, +))"
    }
}
