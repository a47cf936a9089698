import Foundation
import Logging

/// The trader's symbols with their model sources, built from loaded data and the model store.
public struct TraderSetup {
    /// The series, one per symbol.
    public var series: [BarSeries]
    /// The symbols with their sources and reference volatility.
    public var symbols: [TradedSymbol]
    /// Per-symbol notes: models of zero weight left out and why.
    public var notes: [String]
    /// Models of non-zero weight left out with their reasons, then each such symbol's renormalised
    /// weights (only when `trading.require_all_models` is false): for standard error and the log.
    public var warnings: [String] = []
    /// The default start: the earliest test-split start of the symbols.
    public var testStart: Int64

    /// The warnings and notes, as the trader and the backtest carry them.
    public var setupNotes: TraderSetupNotes { TraderSetupNotes(warnings: warnings, notes: notes) }
}

extension Engine {
    /// Builds every loaded symbol's sources from its latest model of each kind (by the
    /// time in their names, never across symbols), each with the preprocessor saved by the run that
    /// trained it (never refit at trade time), streaming the symbol's features bar by bar.
    /// A model that cannot be loaded (or whose preprocessor cannot) is left out with its reason,
    /// logged; `EnsembleCheck` then refuses the symbol or reports its renormalised weights.
    /// - Throws: `DataError.nothingLoaded`, `FeatureError`, `TradingError.incompleteEnsemble`.
    public func traderSetup(symbols requested: [String]? = nil) throws -> TraderSetup {
        let symbols = requested ?? loadedSymbols
        guard !symbols.isEmpty else { throw DataError.nothingLoaded }
        var setup = TraderSetup(series: [], symbols: [], notes: [], testStart: .max)
        var refusal: TradingError?
        for symbol in symbols {
            let features = try features(for: symbol)
            guard let split = features.split else {
                throw ModelError.invalidTrainingData(reason: "'\(symbol)' has too few usable rows to split")
            }
            let series = try bars(for: symbol).series
            let (sources, omissions) = modelSources(symbol: series.symbol, interval: series.interval)
            // Every symbol is checked (and its omissions logged) before the first refusal throws.
            let report: EnsembleReport
            do {
                report = try checkEnsemble(symbol: series.symbol, sources: sources, omissions: omissions)
            } catch {
                refusal = refusal ?? error
                continue
            }
            let reference = Volatility.reference(close: series.close, bars: split.train) ?? .nan
            setup.series.append(series)
            setup.symbols.append(TradedSymbol(symbol: series.symbol, sources: sources, referenceVolatility: reference))
            setup.notes += report.notes
            setup.warnings += report.warnings
            setup.testStart = min(setup.testStart, series.timestamps[split.test.lowerBound])
        }
        if let refusal { throw refusal }
        return setup
    }

    /// One source per latest model of `symbol`, with that run's preprocessor, all fed by one
    /// `SymbolFeatureStream`, and the models left out with their reasons (no trained model, an
    /// unreadable model file or preprocessor, another feature spec).
    public func modelSources(symbol: String, interval: BarInterval) -> (
        sources: [ModelSignalSource], omissions: [ModelOmission]
    ) {
        let symbol = symbol.uppercased()
        let folder = config.paths.models
        var sources: [ModelSignalSource] = []
        var omissions: [ModelOmission] = []
        // One feature stream for the symbol, each source scaling it with its own run's preprocessor.
        let stream = SymbolFeatureStream(features: config.features, interval: interval)
        for kind in ModelKind.allCases {
            func omit(_ reason: String) {
                omissions.append(
                    ModelOmission(symbol: symbol, model: kind, weight: config.trading.weight(of: kind), reason: reason))
            }
            guard let entry = ModelStore.latest(kind, for: symbol, in: folder) else {
                omit("no trained model in '\(folder)'")
                continue
            }
            let preprocessor: Preprocessor
            do {
                preprocessor = try Preprocessor.load(from: entry.files.preprocessor)
            } catch {
                omit("its preprocessor cannot be read: \(error)")
                continue
            }
            do {
                let model = try kind.family.open(path: entry.path, safetensors: nil)
                let source = try ModelSignalSource(
                    symbol: symbol, stream: stream, preprocessor: preprocessor, models: [model])
                if source.models.isEmpty {
                    let note = source.notes.first { $0.hasPrefix(kind.rawValue + ": ") } ?? "not usable"
                    omit(String(note.dropFirst(kind.rawValue.count + 2)).replacingOccurrences(of: "; left out", with: ""))
                } else {
                    sources.append(source)
                }
            } catch {
                omit("'\(URL(filePath: entry.path).lastPathComponent)' cannot be loaded: \(error)")
            }
        }
        return (sources, omissions)
    }

    /// `EnsembleCheck` over one symbol's sources under `trading`, logging (at `notice`: the log
    /// file, not the console, by default) each model left out, the weights or the refusal.
    /// - Throws: `TradingError.incompleteEnsemble` when `trading.require_all_models` refuses it.
    public func checkEnsemble(symbol: String, sources: [ModelSignalSource], omissions: [ModelOmission])
        throws(TradingError) -> EnsembleReport
    {
        for omission in omissions {
            logger.notice("\(omission.description)")
        }
        do {
            let report = try EnsembleCheck.check(
                symbol: symbol, models: sources.flatMap(\.models), omissions: omissions, config: config.trading)
            for line in report.warnings where !omissions.contains(where: { $0.description == line }) {
                logger.notice("\(line)")
            }
            return report
        } catch {
            logger.notice("\(error)")
            throw error
        }
    }

    /// The paper trader over the loaded symbols, replaying from the test split's start, with its
    /// journal at `trading.state_path` (created on first use; resumes an existing journal).
    /// - Parameter claim: take the journal's lock now (`kilo trade`, `step`); without it the
    ///   trader reads until its first `step`.
    /// - Throws: `traderSetup`'s errors, `TradingError.journalInUse` naming the owner's PID,
    ///   `.notAJournal`, `.journalMismatch` naming the key.
    public func paperTrader(claim: Bool = false) throws -> PaperTrader {
        if let trader = activeTrader {
            if claim { try trader.claimJournal() }
            return trader
        }
        let setup = try traderSetup()
        let feed = try ReplayFeed(series: setup.series, from: setup.testStart)
        let trader = try PaperTrader(config: config.trading, feed: feed, symbols: setup.symbols, claim: claim)
        trader.setupNotes = setup.setupNotes
        activeTrader = trader
        return trader
    }

    /// The paper trader with the journal re-read (unless this engine's trader owns it), for
    /// `portfolio`, `trades`, `trader status` and `plot equity` while another process trades.
    public func refreshedTrader() throws -> PaperTrader {
        let trader = try paperTrader()
        try trader.refresh()
        return trader
    }

    /// Erases the trader's journal (even one written for other symbols) and forgets the trader,
    /// so the next use starts afresh at the test split with the latest models.
    /// - Throws: `TradingError.journalInUse` when another trader owns the journal (its lock is
    ///   held while the files are removed; the lock file itself stays).
    public func resetTrader() throws {
        activeTrader?.close()
        activeTrader = nil
        let path = config.trading.statePath
        guard FileManager.default.fileExists(atPath: path) else { return }
        let lock = try JournalLock.acquire(journal: path)
        defer { lock.release() }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    /// Runs the same trading loop over a window of the given symbols (default: the test split to
    /// the end), in memory, and reports performance beside buy-and-hold, with the set-up's notes.
    /// `progress` sees every iteration (the research report keeps the decisions).
    public func backtest(
        symbols: [String]?, from start: Int64?, through end: Int64?, cancellation: CancellationToken = .never,
        progress: (IterationReport) -> Void = { _ in }
    ) throws -> BacktestResult {
        let setup = try traderSetup(symbols: symbols)
        var result = try Backtest.run(
            config: config.trading, series: setup.series, symbols: setup.symbols, from: start ?? setup.testStart,
            through: end, cancellation: cancellation, progress: progress)
        result.setupNotes = setup.setupNotes
        return result
    }
}
