import Foundation
import KiloTestSupport

@testable import KiloCore

/// A source whose predictions are a pure function of the bars up to the index.
struct ScriptedSource: SignalSource {
    var warmupBars = 0
    var models: [ModelKind] = [.gru, .lightgbm, .ppo]
    var value: @Sendable (BarSeries, Int) -> Double

    func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int) throws -> [ModelKind:
        Double]
    {
        let v = value(bars, barIndex)
        return Dictionary(uniqueKeysWithValues: models.map { ($0, v) })
    }
}

/// Constant predictions per model.
struct ConstantSource: SignalSource {
    var warmupBars = 0
    var values: [ModelKind: Double]

    func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int) throws -> [ModelKind:
        Double]
    {
        values
    }
}

struct FakeModelFailure: Error, CustomStringConvertible {
    var description: String { "model file missing" }
}

/// Always throws.
struct FailingSource: SignalSource {
    var warmupBars = 0
    func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int) throws -> [ModelKind:
        Double]
    {
        throw FakeModelFailure()
    }
}

enum TradingFixtures {
    static let halfHour = BarInterval(seconds: 1_800)
    static let t0: Int64 = 1_700_000_000_000 - 1_700_000_000_000 % 1_800_000

    /// A series whose bar `i` opens at `opens[i]` and closes at `closes[i]` (high/low bound both).
    static func series(_ symbol: String, opens: [Double], closes: [Double], start: Int64 = t0)
        -> BarSeries
    {
        precondition(opens.count == closes.count)
        let n = opens.count
        return BarSeries(
            symbol: symbol, interval: halfHour,
            timestamps: (0..<n).map { start + Int64($0) * halfHour.milliseconds }, open: opens,
            high: (0..<n).map { max(opens[$0], closes[$0]) * 1.001 },
            low: (0..<n).map { min(opens[$0], closes[$0]) * 0.999 }, close: closes,
            volume: Array(repeating: 10, count: n))
    }

    /// A series with open = previous close.
    static func series(_ symbol: String, closes: [Double], start: Int64 = t0) -> BarSeries {
        let opens = [closes[0]] + closes.dropLast()
        return series(symbol, opens: opens, closes: closes, start: start)
    }

    /// Flat prices.
    static func flat(_ symbol: String, count: Int, price: Double = 100) -> BarSeries {
        series(symbol, closes: Array(repeating: price, count: count))
    }

    /// Config with no fees or slippage unless set, plain thresholds.
    static func config(_ edit: (inout TradingConfig) -> Void = { _ in }) -> TradingConfig {
        var c = TradingConfig()
        edit(&c)
        return c
    }

    /// A buy-everything trader over `series` in memory, starting at bar `start`.
    static func trader(
        _ series: [BarSeries], config: TradingConfig, start: Int = 0,
        sources: (String) -> [any SignalSource] = { _ in [ConstantSource(values: [.gru: 0.05])] },
        journal: JournalLocation = .memory
    ) throws -> PaperTrader {
        let feed = try ReplayFeed(series: series, startIndex: start)
        return try PaperTrader(
            config: config, feed: feed,
            symbols: series.map {
                TradedSymbol(symbol: $0.symbol, sources: sources($0.symbol), referenceVolatility: 0)
            },
            journal: journal)
    }

    /// Momentum over the real data: the last close change, scaled (pure in bars[0...i]).
    static let momentum: @Sendable (BarSeries, Int) -> Double = { bars, i in
        i == 0 ? 0 : (bars.close[i] / bars.close[i - 1] - 1) * 1.5
    }

    /// The bundled 30-minute data of `symbols`, cut to `count` bars.
    static func realSeries(_ symbols: [String], count: Int) throws -> [BarSeries] {
        try symbols.map { symbol in
            let loaded = try BarLoader.load(path: RepoPaths.path("data/\(symbol)_30m.csv")).series
            return loaded.slice(0..<min(count, loaded.count))
        }
    }

    /// Real-data momentum trader sources: three models with slightly different scalings.
    static func momentumSources(_ symbol: String) -> [any SignalSource] {
        [
            ScriptedSource(warmupBars: 2, models: [.gru], value: momentum),
            ScriptedSource(warmupBars: 2, models: [.lightgbm]) { bars, i in momentum(bars, i) * 0.8
            },
            ScriptedSource(warmupBars: 2, models: [.ppo]) { bars, i in
                bars.close[i] > bars.open[i] ? 0.01 : -0.01
            },
        ]
    }

    /// A unique temporary path for a journal file.
    static func temporaryJournal(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kilo-trading-\(UUID().uuidString)")
        return dir.appendingPathComponent("\(name).sqlite").path
    }
}
