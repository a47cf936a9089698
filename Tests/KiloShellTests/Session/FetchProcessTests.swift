import Foundation
import KiloCore
import KiloTestSupport
import Testing

/// `kilo fetch` as a process against the loopback `HistoryExchange` (real clock, 127.0.0.1 only):
/// the download, the gap it reports, `load` + `validate` of the store, the resumed second run, an
/// unknown symbol and bad dates.
@Suite(.serialized) struct FetchProcessTests {
    static let step: Int64 = 1_800_000

    func setUp() throws -> (exchange: HistoryExchange, config: String, store: String, gapStart: Int64) {
        let forming = SystemClock().now() / Self.step * Self.step
        let listing = forming - 2_500 * Self.step
        let gapStart = listing + 1_200 * Self.step
        let exchange = try HistoryExchange(
            clock: SystemClock(), listings: ["BTCEUR": listing], gaps: [gapStart..<(gapStart + 3 * Self.step)])
        let folder = NSTemporaryDirectory() + "kilo-fetch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = folder + "/config.yaml"
        try """
            data:
              symbols: [BTCEUR]
            trading:
              live:
                base_url: \(exchange.baseURL)
                market_store: \(folder)/market
            """.write(toFile: config, atomically: true, encoding: .utf8)
        return (exchange, config, folder + "/market", gapStart)
    }

    @Test func fetchesResumesAndLoadsWithTheExchangesGapShown() throws {
        let (exchange, config, store, gapStart) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: (store as NSString).deletingLastPathComponent) }
        let first = try KiloProcess.run(["fetch", "all", "--config", config], timeout: 300)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("complete"))
        #expect(
            first.standardOutput.contains(
                "exchange gap: 3 bars missing after \(BarTime.string(fromMilliseconds: gapStart - Self.step))"))
        #expect(exchange.served.count == 3)
        let file = store + "/BTCEUR_30m.sqlite"
        let loaded = try KiloProcess.run(["--config", config, "-c", "load \(file); validate BTCEUR"], timeout: 300)
        #expect(loaded.status == 0, "\(loaded.standardError)")
        #expect(loaded.standardOutput.contains("loaded BTCEUR: 2497 bars of 30m"))
        #expect(loaded.standardOutput.contains("gap: 1 gap (3 missing bars)"))
        let again = try KiloProcess.run(["--config", config, "--format", "json", "-c", "fetch BTCEUR"], timeout: 300)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains(#""stored_bars":2497"#) || again.standardOutput.contains(#""stored_bars":2498"#))
        #expect(exchange.served.count <= 4)  // at most the bar that closed in between
    }

    @Test func anUnknownSymbolAndBadDatesFailWithTheirReason() throws {
        let (exchange, config, store, _) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: (store as NSString).deletingLastPathComponent) }
        let unknown = try KiloProcess.run(["fetch", "NOPEEUR", "--config", config], timeout: 300)
        #expect(unknown.status == 3)
        #expect(unknown.standardError.contains("http 400") && unknown.standardError.contains("Invalid symbol. (code -1121)"))
        let range = try KiloProcess.run(["fetch", "BTCEUR", "--from", "2024-02-01", "--to", "2024-01-01", "--config", config], timeout: 300)
        #expect(range.status == 3)
        #expect(range.standardError.contains("--from 2024-02-01 00:00 is not before --to 2024-01-01 00:00"))
        let notADate = try KiloProcess.run(["fetch", "BTCEUR", "--from", "yesterday", "--config", config], timeout: 300)
        #expect(notADate.status == 3 && notADate.standardError.contains("--from: 'yesterday' is not a UTC date"))
        #expect(exchange.served.map(\.symbol) == ["NOPEEUR"])
    }
}
