import Foundation
import Testing

@testable import KiloCore

/// The synthetic market is deterministic, loads as Binance kline CSV, and looks like a market:
/// consistent OHLC, idle bars with zero volume, regimes of different volatility.
@Suite struct SyntheticMarketTests {
    @Test func theSameSeedWritesTheSameBytes() throws {
        let a = NSTemporaryDirectory() + "kilo-syn-a-\(UUID().uuidString)"
        let b = NSTemporaryDirectory() + "kilo-syn-b-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: a)
            try? FileManager.default.removeItem(atPath: b)
        }
        let first = try SyntheticMarket(seed: 42, bars: 2_000).write(count: 3, to: a)
        let second = try SyntheticMarket(seed: 42, bars: 2_000).write(count: 3, to: b)
        #expect(first.map { ($0 as NSString).lastPathComponent } == ["SYN0001_30m.csv", "SYN0002_30m.csv", "SYN0003_30m.csv"])
        for (x, y) in zip(first, second) {
            #expect(Engine.hashFile(at: x) == Engine.hashFile(at: y))
        }
        #expect(Engine.hashFile(at: first[0]) != Engine.hashFile(at: first[1]), "symbols differ")
        #expect(SyntheticMarket(seed: 43, bars: 50).csv(symbol: 0) != SyntheticMarket(seed: 42, bars: 50).csv(symbol: 0))
    }

    @Test func itLoadsAsAMarketWithIdleBarsAndRegimes() throws {
        let folder = NSTemporaryDirectory() + "kilo-syn-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try SyntheticMarket(seed: 7, bars: 20_000).write(count: 1, to: folder)[0]
        let loaded = try BarLoader.load(path: path)
        let s = loaded.series
        #expect(s.symbol == "SYN0001" && s.interval.milliseconds == 1_800_000 && s.close.count == 20_000)
        #expect(s.quoteVolume != nil && s.trades != nil && s.takerBuyBase != nil)
        var idle = 0
        for i in 0..<s.close.count {
            #expect(s.high[i] >= max(s.open[i], s.close[i]) && s.low[i] <= min(s.open[i], s.close[i]) && s.low[i] > 0)
            if s.volume[i] == 0 {
                idle += 1
                #expect(s.open[i] == s.close[i])
            }
            if i > 0 { #expect(s.open[i] == s.close[i - 1]) }
        }
        #expect(idle > 20 && idle < 250, "about 0.5 % idle bars, got \(idle)")
        // Regimes: the rolling volatility of returns varies by more than a factor of two.
        let returns = (1..<s.close.count).map { log(s.close[$0] / s.close[$0 - 1]) }
        let windows = stride(from: 0, to: returns.count - 500, by: 500).map { start -> Double in
            let w = returns[start..<(start + 500)]
            let mean = w.reduce(0, +) / 500
            return (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 500).squareRoot()
        }
        #expect((windows.max() ?? 0) > 2 * (windows.min() ?? 0))
    }
}
