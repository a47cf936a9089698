import Foundation
import KiloCore

/// Everything a command can reach: the engine, the settings, this session's history and the
/// output sinks. One per shell process; not shared across threads.
public final class ShellContext {
    /// The core engine; commands call it and render what it returns.
    public let engine: Engine
    /// Current `set` values.
    public var settings: ShellSettings
    /// Cancels the running command at its next safe point (Ctrl-C).
    public let cancellation: CancellationToken
    /// Every line entered at the top level this session, in order.
    public internal(set) var history: [String] = []
    /// Top-level commands that succeeded and are recorded for `save session`.
    public internal(set) var recorded: [String] = []
    /// Scripts being replayed, innermost last (for nesting limits and relative paths).
    public internal(set) var scriptStack: [String] = []
    /// Writes normal output (standard output).
    public var write: (String) -> Void
    /// Writes diagnostics and errors (standard error).
    public var writeError: (String) -> Void
    /// Writes progress bars (standard error at a terminal; `nil` elsewhere, so scripts and
    /// tests print no timing-dependent output).
    public var progress: ((String) -> Void)? = nil
    /// Process environment (history file, secrets).
    public let environment: [String: String]
    /// The live trader started by `trader live start`, running on its own thread.
    public var liveTrading: LiveTrading?
    /// The seed in force when the session started (written into saved sessions).
    public let initialSeed: UInt64?
    /// Files read by this session (config, data, scripts), for session headers.
    public internal(set) var startDate: Date
    /// The equity curve of the last backtest, for `plot equity`; `trader reset` clears it.
    public internal(set) var lastBacktestEquity: [EquityPoint] = []
    /// The walk-forward reports of the last `train --walk-forward`, for `report`.
    public internal(set) var lastWalkForward: [WalkForwardReport] = []
    /// The trader whose set-up warnings were written last (weak, so a new trader's are written).
    weak var announcedTrader: PaperTrader?

    /// The deepest `replay` nesting allowed.
    public static let maxScriptDepth = 8

    /// Creates a context.
    public init(
        engine: Engine, settings: ShellSettings = ShellSettings(),
        cancellation: CancellationToken = CancellationToken(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        write: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) },
        writeError: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.engine = engine
        self.settings = settings
        self.cancellation = cancellation
        self.environment = environment
        self.write = write
        self.writeError = writeError
        self.initialSeed = settings.seed
        self.startDate = Date()
    }

    /// The clock in epoch milliseconds: the fixed `set clock` value or now.
    public var nowMilliseconds: Int64 {
        settings.clock ?? Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Prints a diagnostic at `level` when the configured logging level allows it.
    public func diagnose(_ message: String, level: LoggingConfig.Level = .warning) {
        guard level <= engine.config.logging.level else { return }
        let prefix = level == .error ? "error" : level.rawValue
        writeError("\(prefix): \(message)\n")
    }
}

extension ShellContext {
    /// Writes the trader set-up's warnings (weighted models left out and why, renormalised
    /// weights) to standard error, once per trader.
    public func announceWarnings(of trader: PaperTrader) {
        guard announcedTrader !== trader else { return }
        announcedTrader = trader
        announce(trader.setupNotes)
    }

    /// Records that `trader`'s set-up warnings were shown another way (`trader status`, `kilo trade`).
    public func warningsWereShown(of trader: PaperTrader) { announcedTrader = trader }

    /// Writes a set-up's warnings to standard error.
    public func announce(_ notes: TraderSetupNotes) {
        for warning in notes.warnings { diagnose(warning, level: .warning) }
    }

    /// Symbols for Tab completion: loaded ones and those with files in the data folder.
    public var completionSymbols: (loaded: [String], available: [String]) {
        (engine.loadedSymbols, Array(Set(engine.availableDataFiles().map(\.symbol))).sorted())
    }
}
