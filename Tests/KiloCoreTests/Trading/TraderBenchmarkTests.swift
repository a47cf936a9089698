import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// A fake model of constant cost: a weighted sum of the last 32 closes' changes.
struct FixedCostModel: SignalSource {
    var model: ModelKind
    var scale: Double
    var warmupBars: Int { 33 }

    func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int) throws -> [ModelKind:
        Double]
    {
        var sum = 0.0
        for k in 0..<32 {
            let i = barIndex - k
            sum += (bars.close[i] / bars.close[i - 1] - 1) * Double(32 - k)
        }
        return [model: sum * scale / 528]
    }
}

/// `bench/trading/run.sh`: one iteration over 5 symbols × 3 models with the SQLite journal on.
@Suite struct TraderBenchmarkTests {
    static let symbols = ["BTCEUR", "ETHEUR", "ADAEUR", "DOTEUR", "LINKEUR"]

    func measure(_ journal: JournalLocation, series: [BarSeries], iterations: Int) throws -> (
        times: [Double], fills: Int
    ) {
        let feed = try ReplayFeed(series: series, startIndex: 1_000)
        let symbols = Self.symbols.map {
            TradedSymbol(
                symbol: $0,
                sources: [
                    FixedCostModel(model: .gru, scale: 10),
                    FixedCostModel(model: .lightgbm, scale: 8),
                    FixedCostModel(model: .ppo, scale: -5),
                ],
                referenceVolatility: Volatility.reference(close: series[0].close, bars: 0..<1_000)
                    ?? 0)
        }
        let trader = try PaperTrader(
            config: TradingConfig(), feed: feed, symbols: symbols, journal: journal)
        defer { trader.close() }
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<iterations {
            let start = clock.now
            guard try trader.step() != nil else { break }
            let d = clock.now - start
            times.append(
                Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15)
        }
        #expect(trader.fills.count > 0)
        return (times, trader.fills.count)
    }

    static func summary(_ label: String, _ times: [Double]) -> String {
        let sorted = times.sorted()
        let mean = times.reduce(0, +) / Double(times.count)
        func q(_ p: Double) -> Double {
            sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))]
        }
        return String(
            format: "%@: %d iterations, mean %.3f ms, median %.3f ms, p99 %.3f ms, max %.3f ms",
            label, times.count,
            mean, q(0.5), q(0.99), sorted.last ?? 0)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["KILO_BENCH"] == "1"))
    func iterationTime() throws {
        let series = try TradingFixtures.realSeries(Self.symbols, count: 6_602)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kilo-trading-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("trader.sqlite").path
        _ = try measure(.memory, series: series, iterations: 200)  // warm-up
        let file = try measure(.file(path), series: series, iterations: 5_000)
        let memory = try measure(.memory, series: series, iterations: 5_000)
        print("trading bench: 5 symbols x 3 models, real 30m data from bar 1000")
        print(
            Self.summary("SQLite journal file (WAL, synchronous=NORMAL)", file.times)
                + ", \(file.fills) fills")
        print(Self.summary("in-memory journal", memory.times) + ", \(memory.fills) fills")
        let mean = file.times.reduce(0, +) / Double(file.times.count)
        print(String(format: "goal < 5 ms per iteration: %.3f ms", mean))
        #expect(mean < 5, "goal < 5 ms per iteration not met: \(mean) ms")
    }

    /// `bench/trading/run.sh`: the same, with each symbol's real latest GRU, LightGBM and PPO from
    /// `KILO_BENCH_MODELS` (trained with the default config), streaming features bar by bar.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KILO_BENCH_MODELS"] != nil))
    func realModelIterationTime() throws {
        let models = try #require(ProcessInfo.processInfo.environment["KILO_BENCH_MODELS"])
        var loaded = try ConfigLoader.load(path: RepoPaths.path("config/config.yaml"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-trading-real-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        loaded.config.paths.models = models
        loaded.config.trading.statePath = dir.appendingPathComponent("trader.sqlite").path
        let engine = Engine(config: loaded)
        for symbol in Self.symbols { try engine.load(RepoPaths.path("data/\(symbol)_30m.csv")) }
        let clock = ContinuousClock()
        func ms(_ d: Duration) -> Double {
            Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15
        }
        var start = clock.now
        let trader = try engine.paperTrader()
        let setup = ms(clock.now - start)
        #expect(trader.setupNotes.notes.isEmpty, "\(trader.setupNotes.notes)")
        var times: [Double] = []
        var trading: [Double] = []  // iterations in which all 15 models predicted
        var predictions = 0
        while true {
            start = clock.now
            guard let report = try trader.step() else { break }
            let elapsed = ms(clock.now - start)
            times.append(elapsed)
            let count = report.symbols.reduce(0) { $0 + $1.predictions.count }
            predictions += count
            if count == 15, times.count > 1 { trading.append(elapsed) }
        }
        print("trading bench, real models: 5 symbols x (GRU, LightGBM, PPO) from \(models), default config")
        print(String(format: "setup (load 15 models and preprocessors): %.1f ms", setup))
        print(String(format: "first iteration (streams each source's history up to the test split): %.1f ms", times.first ?? 0))
        let steady = Array(times.dropFirst())
        print(Self.summary("SQLite journal file, every iteration after the first (the data's 227-day gap included)", steady) + ", \(trader.fills.count) fills, \(predictions) model predictions")
        print(Self.summary("SQLite journal file, iterations where all 15 models predicted", trading))
        let mean = trading.reduce(0, +) / Double(max(1, trading.count))
        print(String(format: "goal < 5 ms per iteration: %.3f ms", mean))
        #expect(mean < 5, "goal < 5 ms per iteration not met: \(mean) ms")
        // The figure means "all 15 models trading": most steady iterations (outside the data's gap)
        // must have every model's prediction, or the timing measured a half-empty ensemble.
        #expect(trading.count * 2 > steady.count, "only \(trading.count) of \(steady.count) iterations had all 15 predictions")
    }
}
