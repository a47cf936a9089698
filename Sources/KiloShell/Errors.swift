import KiloCore

/// Shell-level failures (the engine's own errors pass through unchanged).
public enum ShellError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The first word(s) name no command.
    case unknownCommand(String, suggestion: String?)
    /// `replay` nested deeper than `ShellContext.maxScriptDepth`.
    case scriptNestingTooDeep(path: String, depth: Int)
    /// A script file could not be read, or a command could not write its output file.
    case file(FileFailure)
    /// A session file exists and `--force` was not given.
    case sessionExists(path: String)
    /// A name that cannot be a session file name.
    case invalidSessionName(String)
    /// The command was interrupted with Ctrl-C.
    case interrupted
    /// A value that a `set` name does not accept.
    case invalidSetting(name: String, value: String, expected: String)
    /// `help WORD` matched nothing.
    case noHelp(String, suggestion: String?)

    public var description: String {
        switch self {
        case .unknownCommand(let word, let suggestion):
            let hint = suggestion.map { "; did you mean '\($0)'?" } ?? "; type 'help' for the list"
            return "unknown command '\(Excerpt.of(word))'\(hint)"
        case .scriptNestingTooDeep(let path, let depth):
            return "replay of '\(Excerpt.path(path))' would nest scripts \(depth) deep (the limit is \(ShellContext.maxScriptDepth))"
        case .file(let failure):
            return failure.description
        case .sessionExists(let path):
            return "session '\(Excerpt.path(path))' already exists; add --force to replace it"
        case .invalidSessionName(let name):
            return "'\(Excerpt.of(name))' is not a session name (letters, digits, '-', '_' and '.' only)"
        case .interrupted:
            return "interrupted"
        case .invalidSetting(let name, let value, let expected):
            return "set \(Excerpt.of(name)): '\(Excerpt.of(value))' is not \(expected)"
        case .noHelp(let word, let suggestion):
            let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
            return "no command or help topic matches '\(Excerpt.of(word))'\(hint)"
        }
    }
}

/// Thrown by `quit` to end the shell with an exit status.
public struct ShellExit: Error, Equatable, Sendable {
    /// The process exit status.
    public var code: Int32

    /// Creates an exit request.
    public init(code: Int32) { self.code = code }
}

/// A script that had failing commands; their errors were already printed.
public struct ScriptFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The script.
    public var path: String
    /// How many of its commands failed.
    public var failures: Int
    /// Whether the script was stopped by Ctrl-C.
    public var wasInterrupted: Bool

    public var description: String {
        wasInterrupted
            ? "script '\(Excerpt.path(path))' interrupted"
            : "script '\(Excerpt.path(path))' had \(failures) failing command\(failures == 1 ? "" : "s")"
    }
}

/// The process exit statuses `kilo` uses.
public enum ExitStatus {
    /// Everything succeeded.
    public static let ok: Int32 = 0
    /// An internal error.
    public static let internalError: Int32 = 1
    /// A bad invocation or an unreadable input file.
    public static let badInvocation: Int32 = 2
    /// A command in a script (or `-c`) failed.
    public static let commandFailed: Int32 = 3
}

/// A failure reported as the command's one-line error (a training run's, a notifier's).
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
