import KiloCore

/// Settings changed with `set`: how output looks and how scripts behave.
public struct ShellSettings: Sendable, Equatable {
    /// Output format of every command.
    public var format: OutputFormat = .table
    /// The seed of every random source of the next commands (model initialisation, shuffling,
    /// bagging); `nil` uses each model's configured `models.*.seed`.
    public var seed: UInt64? = nil
    /// Whether a failing command stops the rest of the line or script; `nil` means the default:
    /// on for scripts, `-c` and piped input, off for lines typed at the prompt.
    public var bail: Bool? = nil
    /// Whether script commands are echoed before they run.
    public var echo: Bool = false
    /// Whether each command's duration is printed after it.
    public var timer: Bool = false
    /// The clock for staleness checks: `nil` is the wall clock, else fixed epoch milliseconds.
    public var clock: Int64? = nil

    /// The defaults.
    public init() {}

    /// Whether to stop after a failure in a line from `source`.
    public func bails(for source: LineSource) -> Bool { bail ?? !source.isInteractive }
}

/// Where a line came from: typed at the prompt, a `-c` argument, or a script file.
public struct LineSource: Sendable, Equatable {
    /// `<stdin>`, `<command-line>` or the script path.
    public var file: String
    /// The 1-based line (or command index for `-c`).
    public var line: Int
    /// Whether the line was typed interactively.
    public var isInteractive = false

    /// An interactive line.
    public static let prompt = LineSource(file: "<stdin>", line: 0, isInteractive: true)
}
