import Foundation
import Logging
import Synchronization

/// Live paper trading: the exchange feed, the same trader loop as replay and backtest, the
/// notifier and the log, run on the caller's thread (`kilo trade --live`) or a background thread
/// (`trader live start`).
///
/// Everything it touches is built up front from the engine (models, preprocessors, reference
/// volatilities) and then owned by the loop, so the shell stays usable while it runs. The feed
/// and trader are created inside `run` (the feed back-fills over the network), and a failing
/// notifier or symbol never stops the loop; only a journal or accounting error does.
public final class LiveTrading: Sendable {
    /// What `trader live status` shows.
    public struct Status: Sendable, Equatable {
        /// Whether the loop is running.
        public var isRunning = false
        /// Iterations in the journal.
        public var iterations = 0
        /// Open time of the last bar traded.
        public var lastBarTime: Int64?
        /// When the next bar is due (its close plus the grace), epoch milliseconds.
        public var nextDueTime: Int64?
        /// Equity after the last iteration.
        public var equity: Double?
        /// Fills so far.
        public var fills = 0
        /// The latest feed problem per symbol.
        public var problems: [String: String] = [:]
        /// Why the loop ended (`nil` while running or before start).
        public var stopReason: String?
        /// Notifier counts: sent, failed, dropped.
        public var notifications = NotifierStats()
    }

    /// The symbols traded.
    public let symbols: [String]
    /// Weighted models left out of the ensembles with their reasons, and the weights renormalised
    /// over the rest (`trading.require_all_models: false`); one line each, for standard error.
    public let warnings: [String]
    private let config: EngineConfig
    private let setups: SendableBox<[TradedSymbol]>
    private let notifier: any Notifier
    private let transport: any HTTPTransport
    private let clock: any LiveClock
    private let logger: Logger
    private let statePath: String
    /// Cancelled by `stop()` (and by Ctrl-C / SIGTERM when the caller passes the shell's token).
    public let cancellation: CancellationToken
    private let state = Mutex(Status())
    /// Whether `start()` launched the background thread (it runs at most once).
    private let started = Mutex(false)
    private let done = DispatchSemaphore(value: 0)

    /// Prepares live trading of `symbols` (default `data.symbols`) with their latest models.
    /// - Parameters:
    ///   - engine: supplies the config, the model store and, for each symbol loaded, the
    ///     reference volatility of its training split (unloaded symbols get multiplier 1).
    ///   - notifier: where messages go (`Notifications.makeNotifier`).
    ///   - transport, clock: the network and the time (a local server and a manual clock in tests).
    /// - Returns: the run (with `warnings`: weighted models left out and the renormalised weights,
    ///   when `trading.require_all_models` is false) and the other set-up notes.
    /// - Throws: `TradingError.incompleteEnsemble` for the first symbol missing a weighted model
    ///   while `trading.require_all_models` (every symbol's omissions are logged first).
    public static func prepare(
        engine: Engine, symbols: [String]? = nil, notifier: any Notifier, transport: any HTTPTransport = URLSessionTransport(),
        clock: any LiveClock = SystemClock(), cancellation: CancellationToken = CancellationToken(),
        logger: Logger = Logger(label: "kilo.live")
    ) throws -> (LiveTrading, [String]) {
        let config = engine.config
        let symbols = (symbols ?? config.data.symbols).map { $0.uppercased() }
        guard !symbols.isEmpty else { throw DataError.nothingLoaded }
        var setups: [TradedSymbol] = []
        var notes: [String] = []
        var warnings: [String] = []
        var refusal: TradingError?
        for symbol in symbols {
            let (sources, omissions) = engine.modelSources(symbol: symbol, interval: config.data.interval)
            do {
                let report = try engine.checkEnsemble(symbol: symbol, sources: sources, omissions: omissions)
                warnings += report.warnings
                notes += report.notes
            } catch {
                refusal = refusal ?? error
            }
            var reference = Double.nan
            if let loaded = try? engine.features(for: symbol), let split = loaded.split,
                let series = try? engine.bars(for: symbol).series
            {
                reference = Volatility.reference(close: series.close, bars: split.train) ?? .nan
            } else {
                notes.append("\(symbol) reference volatility: data not loaded; threshold multiplier 1")
            }
            setups.append(TradedSymbol(symbol: symbol, sources: sources, referenceVolatility: reference))
        }
        if let refusal { throw refusal }
        let run = LiveTrading(
            symbols: symbols, config: config, setups: setups, warnings: warnings, notifier: notifier,
            transport: transport, clock: clock, cancellation: cancellation, logger: logger)
        return (run, notes)
    }

    private init(
        symbols: [String], config: EngineConfig, setups: [TradedSymbol], warnings: [String], notifier: any Notifier,
        transport: any HTTPTransport, clock: any LiveClock, cancellation: CancellationToken, logger: Logger
    ) {
        self.symbols = symbols
        self.warnings = warnings
        self.config = config
        self.setups = SendableBox(setups)
        self.notifier = notifier
        self.transport = transport
        self.clock = clock
        self.cancellation = cancellation
        self.logger = logger
        statePath = config.trading.live.statePath
    }

    /// The current status.
    public var status: Status { state.withLock { $0 } }

    /// Runs the loop on this thread until `maxIterations` bars, cancellation or a fatal error;
    /// `progress` gets each iteration.
    /// - Returns: why it stopped.
    /// - Throws: `TradingError` for the feed's set-up, the journal or an accounting bug.
    @discardableResult
    public func run(maxIterations: Int? = nil, progress: (IterationReport) -> Void = { _ in }) throws -> String {
        state.withLock { $0 = Status(isRunning: true) }
        var messages = TradeNotifications(settings: config.notifications, maxDrawdown: config.trading.maxDrawdown)
        let logger = self.logger
        var stopReason = "stopped"
        defer {
            let reason = stopReason
            state.withLock {
                $0.isRunning = false
                $0.stopReason = reason
                $0.notifications = notifier.stats
            }
        }
        do {
            // A journal owned by another trader is refused before the feed back-fills over the
            // network (the trader below takes the lock for good).
            let folder = PathText.folder(of: statePath)
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try JournalLock.acquire(journal: statePath).release()
            let feed = try LiveFeed(
                config: config.trading.live, symbols: symbols, interval: config.data.interval, transport: transport,
                clock: clock, cancellation: cancellation,
                onProblem: { problem in logger.warning("feed: \(problem)") })
            var trading = config.trading
            trading.statePath = statePath
            let trader = try PaperTrader(config: trading, feed: feed, symbols: setups.value, claim: true)
            defer { trader.close() }
            let started = trader.status()
            logger.info("live trading \(symbols.joined(separator: ",")) from iteration \(started.iterations + 1), journal \(statePath)")
            notifier.notify(messages.started(mode: "live", status: started, portfolio: trader.portfolioReport()))
            var count = 0
            while maxIterations.map({ count < $0 }) ?? true, !cancellation.isCancelled {
                guard let report = try trader.step() else { break }
                count += 1
                logger.info("\(report.iteration) bar \(report.barTime) equity \(report.equity)")
                for step in report.symbols {
                    if let fill = step.fill {
                        logger.info("\(report.iteration) \(step.symbol) \(fill.side.rawValue) \(fill.quantity) @ \(fill.price) fee \(fill.fee)")
                    } else if step.action == .skipped {
                        logger.info("\(report.iteration) \(step.symbol) skipped: \(step.reason)")
                    }
                }
                notifier.notify(messages.messages(for: report))
                let problems = feed.problems.mapValues { "\($0)" }
                state.withLock {
                    $0.iterations = report.iteration
                    $0.lastBarTime = report.barTime
                    $0.equity = report.equity
                    $0.fills = trader.fills.count
                    $0.problems = problems
                    $0.nextDueTime = feed.nextDueTime
                    $0.notifications = notifier.stats
                }
                progress(report)
            }
            stopReason =
                cancellation.isCancelled ? "stopped on request" : maxIterations.map { "ran \($0) iterations" } ?? "feed ended"
            // The day so far, then the stop (a full day's summary otherwise waits for the next day's first bar).
            if let today = messages.currentDaySummary() { notifier.notify(TradeMessages.dailySummary(today, soFar: true)) }
            notifier.notify(messages.stopped(reason: stopReason, status: trader.status(), portfolio: trader.portfolioReport()))
            logger.info("live trading stopped: \(stopReason)")
            _ = notifier.flush(timeout: 5)
            return stopReason
        } catch {
            stopReason = "error: \(error)"
            logger.error("live trading failed: \(error)")
            notifier.notify(messages.feedFailed("\(error)", at: clock.now()))
            _ = notifier.flush(timeout: 5)
            throw error
        }
    }

    /// Starts `run()` on a background thread (the shell's `trader live start`).
    /// - Returns: `false` when it is already running.
    @discardableResult
    public func start(maxIterations: Int? = nil) -> Bool {
        started.withLock { started in
            guard !started else { return false }
            started = true
            state.withLock { $0.isRunning = true }
            let worker = Thread { [self] in
                _ = try? run(maxIterations: maxIterations)
                done.signal()
            }
            worker.name = "kilo.live"
            worker.start()
            return true
        }
    }

    /// Asks the loop to stop after the iteration in progress (or at once while it waits for the
    /// next bar) and waits up to `timeout` seconds for it.
    /// - Returns: whether it stopped in time.
    @discardableResult
    public func stop(timeout: Double = 30) -> Bool {
        cancellation.cancel()
        guard started.withLock({ $0 }) else { return true }
        guard done.wait(timeout: .now() + timeout) == .success else { return false }
        done.signal()  // for the next caller: the loop has ended for good
        return true
    }
}

/// Moves non-Sendable values (the model sources) into the one thread that uses them from then on.
struct SendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
