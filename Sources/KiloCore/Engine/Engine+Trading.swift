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
    /// Builds every loaded symbol's sources from its latest GRU, LightGBM and PPO models (by the
    /// time in their names, never across symbols), each with the preprocessor saved by the run that
    /// trained it (never refit at trade time), streaming the symbol's features bar by bar.
    /// - Throws: `DataError.nothingLoaded`, `FeatureError`; a model that cannot be loaded is left
    ///   out with a note.
    public func traderSetup(symbols requested: [String]? = nil) throws -> TraderSetup {
        let symbols = requested ?? loadedSymbols
        guard !symbols.isEmpty else { throw DataError.nothingLoaded }
        var setup = TraderSetup(series: [], symbols: [], notes: [], testStart: .max)
        for symbol in symbols {
            let features = try features(for: symbol)
            guard let split = features.split else {
                throw ModelError.invalidTrainingData(reason: "'\(symbol)' has too few usable rows to split")
            }
            let series = try bars(for: symbol).series
            let (sources, notes) = modelSources(symbol: series.symbol, interval: series.interval)
            let reference = Volatility.reference(close: series.close, bars: split.train) ?? .nan
            setup.series.append(series)
            setup.symbols.append(TradedSymbol(symbol: series.symbol, sources: sources, referenceVolatility: reference))
            setup.notes += notes.map { "\(series.symbol) \($0)" }
            setup.testStart = min(setup.testStart, series.timestamps[split.test.lowerBound])
        }
        return setup
    }

    /// One streaming source per latest model of `symbol`, with that run's preprocessor.
    public func modelSources(symbol: String, interval: BarInterval) -> (sources: [ModelSignalSource], notes: [String]) {
        let symbol = symbol.uppercased()
        let folder = config.paths.models
        var sources: [ModelSignalSource] = []
        var notes: [String] = []
        for kind in ModelKind.allCases {
            guard let entry = ModelStore.latest(kind, for: symbol, in: folder) else {
                notes.append("\(kind.rawValue): no trained model")
                continue
            }
            do {
                let preprocessorPath = (folder as NSString).appendingPathComponent(
                    "preprocessor_\(symbol)_\(entry.stamp).json")
                let preprocessor = try Preprocessor.load(from: preprocessorPath)
                var gru: GRUModel? = nil
                var booster: Booster? = nil
                var ppo: PPOAgent? = nil
                switch kind {
                case .gru: gru = try GRUModel.load(from: entry.path)
                case .lightgbm: booster = try Booster.load(contentsOfFile: entry.path)
                case .ppo: ppo = try PPOAgent.load(from: entry.path)
                }
                let source = try ModelSignalSource(
                    symbol: symbol, features: config.features, interval: interval,
                    preprocessor: preprocessor, gru: gru, booster: booster, ppo: ppo)
                if source.models.isEmpty {
                    notes += source.notes.filter { $0.hasPrefix(kind.rawValue) }
                } else {
                    sources.append(source)
                }
            } catch {
                notes.append("\(kind.rawValue): \(error); left out")
            }
        }
        return (sources, notes)
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
