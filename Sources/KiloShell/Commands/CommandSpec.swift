import KiloCore

/// The sections of `help`, in the order they are shown.
public enum CommandGroup: String, Sendable, CaseIterable {
    case data = "Data"
    case features = "Features"
    case models = "Models"
    case trading = "Trading"
    case session = "Session"
}

/// One shell command. Help, usage, binding, completion and the table self-check all read this
/// one value, as swift-argument-parser's declarations drive its parser, help and completion.
public struct CommandSpec: Sendable {
    /// The command's words: `load`, `save session`, `inspect nan report`.
    public var name: String
    /// Other spellings that run the same command.
    public var aliases: [String] = []
    /// The help section.
    public var group: CommandGroup
    /// One line, at most 60 characters, no trailing period.
    public var abstract: String
    /// Longer help shown by `help NAME`.
    public var discussion: String = ""
    /// Positionals in order, then options.
    public var arguments: [ArgumentSpec] = []
    /// Example lines shown by `help NAME`.
    public var examples: [String] = []
    /// Whether a successful run is recorded by `save session` (false for help, history, save).
    public var isRecorded: Bool = true
    /// Whether the command is left out of `help`'s list, help searches, the README reference and
    /// command-name completion (it still runs, and `help NAME` still describes it): for
    /// developer checks such as `check tpe`.
    public var isHidden: Bool = false
    /// Runs the command.
    public var run: @Sendable (ShellContext, BoundArguments) throws -> CommandOutput

    /// The positional arguments in order.
    public var positionals: [ArgumentSpec] { arguments.filter { !$0.isOption } }

    /// The `--options` and `--flags`.
    public var options: [ArgumentSpec] { arguments.filter { $0.isOption } }

    /// The usage line: `train MODEL SYMBOL [--epochs N]`.
    public var usage: String {
        var parts = [name]
        for argument in positionals {
            var text = argument.placeholder
            if argument.isRepeating { text += "..." }
            parts.append(argument.isOptional ? "[\(text)]" : text)
        }
        for option in options {
            parts.append(option.kind == .flag ? "[\(option.name)]" : "[\(option.name) \(option.placeholder)]")
        }
        return parts.joined(separator: " ")
    }
}
