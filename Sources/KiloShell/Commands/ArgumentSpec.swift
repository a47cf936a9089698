/// One argument of a command: a positional word or a `--option`, with its type.
///
/// The type drives binding (validation and conversion), usage text and tab completion.
public struct ArgumentSpec: Sendable {
    /// What values the argument takes.
    public enum Kind: Sendable, Equatable {
        /// A market symbol such as `BTCEUR` (completes loaded and on-disk symbols).
        case symbol
        /// A symbol or the word `all`.
        case symbolOrAll
        /// A model kind: `gru`, `lightgbm`, `ppo` (and `all` where allowed).
        case modelKind(allowsAll: Bool)
        /// A whole number in a range.
        case integer(ClosedRange<Int>)
        /// A finite real number.
        case number
        /// One of fixed words.
        case choice([String])
        /// `on` or `off` (also `true`/`false`, `yes`/`no`, `1`/`0`).
        case toggle
        /// A file path; completion offers files with these extensions (empty: any).
        case path(extensions: [String])
        /// A data file path or a symbol found in the data folder (for `load`).
        case dataSource
        /// A session script: a name under `sessions/` or a path to a `.kilo` file.
        case session
        /// Free text (a name, a command word).
        case word
        /// A command name (for `help`).
        case command
        /// A feature name of the configured catalogue.
        case featureName
        /// The value of a `set` name (completion depends on the name).
        case settingValue
        /// A `--flag` with no value.
        case flag
    }

    /// `symbol` for a positional, `--epochs` for an option.
    public var name: String
    /// The value type.
    public var kind: Kind
    /// Whether the argument may be left out.
    public var isOptional: Bool
    /// Whether a positional takes all remaining words.
    public var isRepeating: Bool
    /// The value used when an optional argument is left out.
    public var defaultValue: String?
    /// One line of help.
    public var help: String
    /// The placeholder shown in usage (`SYMBOL`, `N`, `PATH`).
    public var placeholder: String

    /// Whether this is a keyword argument written `WORD VALUE` (as in `load PATH as SYMBOL`).
    public var isKeyword: Bool = false

    /// Whether this is an `--option`, a `--flag` or a keyword argument.
    public var isOption: Bool { name.hasPrefix("--") || isKeyword }

    /// A required or optional positional argument.
    public static func positional(
        _ name: String, _ kind: Kind, optional: Bool = false, repeating: Bool = false,
        default defaultValue: String? = nil, placeholder: String? = nil, help: String
    ) -> ArgumentSpec {
        ArgumentSpec(
            name: name, kind: kind, isOptional: optional || defaultValue != nil || repeating,
            isRepeating: repeating, defaultValue: defaultValue, help: help,
            placeholder: placeholder ?? Self.positionalPlaceholder(name, kind))
    }

    /// An `--option VALUE`, optional unless `required`.
    public static func option(
        _ name: String, _ kind: Kind, default defaultValue: String? = nil,
        placeholder: String? = nil, help: String
    ) -> ArgumentSpec {
        precondition(name.hasPrefix("--"), "ArgumentSpec.option: '\(name)' must start with --")
        return ArgumentSpec(
            name: name, kind: kind, isOptional: true, isRepeating: false,
            defaultValue: defaultValue, help: help,
            placeholder: placeholder ?? Self.defaultPlaceholder(for: kind))
    }

    /// A keyword argument written `WORD VALUE`, such as `as SYMBOL`.
    public static func keyword(
        _ word: String, _ kind: Kind, placeholder: String? = nil, help: String
    ) -> ArgumentSpec {
        var spec = ArgumentSpec(
            name: word, kind: kind, isOptional: true, isRepeating: false, defaultValue: nil,
            help: help, placeholder: placeholder ?? Self.defaultPlaceholder(for: kind))
        spec.isKeyword = true
        return spec
    }

    /// A `--flag` that is either present or not.
    public static func flag(_ name: String, help: String) -> ArgumentSpec {
        precondition(name.hasPrefix("--"), "ArgumentSpec.flag: '\(name)' must start with --")
        return ArgumentSpec(
            name: name, kind: .flag, isOptional: true, isRepeating: false, defaultValue: nil,
            help: help, placeholder: "")
    }

    private static func positionalPlaceholder(_ name: String, _ kind: Kind) -> String {
        switch kind {
        case .symbolOrAll, .dataSource, .session: defaultPlaceholder(for: kind)
        default: name.uppercased()
        }
    }

    private static func defaultPlaceholder(for kind: Kind) -> String {
        switch kind {
        case .symbol: "SYMBOL"
        case .symbolOrAll: "SYMBOL|all"
        case .modelKind: "MODEL"
        case .integer: "N"
        case .number: "X"
        case .choice(let words): words.joined(separator: "|")
        case .toggle: "on|off"
        case .path: "PATH"
        case .dataSource: "PATH|SYMBOL"
        case .session: "NAME|PATH"
        case .word: "WORD"
        case .command: "COMMAND"
        case .settingValue: "VALUE"
        case .featureName: "NAME"
        case .flag: ""
        }
    }
}
