import Foundation

/// The trader's symbols with their model sources, built from loaded data and the model store.
public struct TraderSetup {
    /// The series, one per symbol.
    public var series: [BarSeries]
    /// The symbols with their sources and reference volatility.
    public var symbols: [TradedSymbol]
    /// Per-symbol notes: models loaded or left out and why.
    public var notes: [String]
    /// The default start: the earliest test-split start of the symbols.
    public var testStart: Int64
}

extension Engine {
    /// Builds every loaded symbol's source from its latest GRU, LightGBM and PPO models (by the time
    /// in their names, never across symbols), its frozen preprocessor and its features.
    /// - Throws: `DataError.nothingLoaded`, `FeatureError`, model loading errors.
    public func traderSetup(symbols requested: [String]? = nil) throws -> TraderSetup {
        let symbols = requested ?? loadedSymbols
        guard !symbols.isEmpty else { throw DataError.nothingLoaded }
        var setup = TraderSetup(series: [], symbols: [], notes: [], testStart: .max)
        let folder = config.paths.models
        for symbol in symbols {
            let features = try features(for: symbol)
            guard let split = features.split, let preprocessor = features.preprocessor else {
                throw ModelError.invalidTrainingData(reason: "'\(symbol)' has too few usable rows to split")
            }
            var gru: GRUModel? = nil
            var booster: Booster? = nil
            var ppo: PPOAgent? = nil
            var notes: [String] = []
            if let entry = ModelStore.latest(.gru, for: symbol, in: folder) {
                do { gru = try GRUModel.load(from: entry.path) } catch { notes.append("gru: \(error)") }
            }
            if let entry = ModelStore.latest(.lightgbm, for: symbol, in: folder) {
                do { booster = try Booster.load(contentsOfFile: entry.path) } catch { notes.append("lightgbm: \(error)") }
            }
            if let entry = ModelStore.latest(.ppo, for: symbol, in: folder) {
                do { ppo = try PPOAgent.load(from: entry.path) } catch { notes.append("ppo: \(error)") }
            }
            let series = try bars(for: symbol).series
            let source = try ModelSignalSource(
                symbol: series.symbol, features: config.features, interval: series.interval, preprocessor: preprocessor,
                gru: gru, booster: booster, ppo: ppo)
            let reference = Volatility.reference(close: series.close, bars: split.train) ?? .nan
            setup.series.append(series)
            setup.symbols.append(TradedSymbol(symbol: symbol, sources: [source], referenceVolatility: reference))
            setup.notes += (notes + source.notes).map { "\(symbol) \($0)" }
            setup.testStart = min(setup.testStart, series.timestamps[split.test.lowerBound])
        }
        return setup
    }

    /// The paper trader over the loaded symbols, replaying from the test split's start, with its
    /// journal at `trading.state_path` (created on first use; resumes an existing journal).
    public func paperTrader() throws -> PaperTrader {
        if let trader = activeTrader { return trader }
        let setup = try traderSetup()
        let feed = try ReplayFeed(series: setup.series, from: setup.testStart)
        let path = config.trading.statePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        let trader = try PaperTrader(config: config.trading, feed: feed, symbols: setup.symbols)
        activeTrader = trader
        traderNotes = setup.notes
        return trader
    }

    /// Erases the trader's journal (even one written for other symbols) and forgets the trader,
    /// so the next use starts afresh at the test split with the latest models.
    public func resetTrader() throws {
        activeTrader?.close()
        activeTrader = nil
        lastEquity = []
        let path = config.trading.statePath
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    /// Runs the same trading loop over a window of the given symbols (default: the test split to
    /// the end), in memory, and reports performance beside buy-and-hold.
    public func backtest(
        symbols: [String]?, from start: Int64?, through end: Int64?, cancellation: CancellationToken = .never
    ) throws -> BacktestResult {
        let setup = try traderSetup(symbols: symbols)
        traderNotes = setup.notes
        let result = try Backtest.run(
            config: config.trading, series: setup.series, symbols: setup.symbols, from: start ?? setup.testStart,
            through: end, cancellation: cancellation)
        lastEquity = result.equity
        return result
    }
}
