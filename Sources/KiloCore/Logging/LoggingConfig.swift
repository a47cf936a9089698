/// `logging:` — how much the shell reports on standard error, and the rotating log file.
///
/// Every property is a key of `keys` (its name, meaning and rules are declared there).
public struct LoggingConfig: ConfigSection {
    /// The levels, least to most verbose.
    public enum Level: String, Codable, Sendable, CaseIterable, Comparable {
        case error, warning, info, debug

        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// `logging.file:` — the rotating log file written by `RotatingFileLogHandler`.
    public struct File: ConfigSection {
        public var enabled: Bool = true
        public var directory: String = "logs"
        public var maxBytes: Int = 10_485_760
        public var maxFiles: Int = 5
        public var level: Level = .info

        /// The defaults.
        public init() {}

        public static let keys: [ConfigKey<File>] = [
            .value("enabled", \.enabled, "whether the rotating log file is written"),
            .value(
                "directory", \.directory, "folder of `kilo.log` and its rotated copies (created when missing)",
                rules: [.notEmpty]),
            .value(
                "max_bytes", \.maxBytes, "`kilo.log` rotates before a line would take it past this size (10 MiB)",
                rules: [.atLeast(1_024)]),
            .value(
                "max_files", \.maxFiles,
                "files kept: `kilo.log` plus `kilo.log.1` … `kilo.log.{max_files-1}`, the oldest dropped",
                rules: [.within(1...100)]),
            .value("level", \.level, "lines at or above this level are written: `error`, `warning`, `info`, `debug`"),
        ]
    }

    public var level: Level = .warning
    public var file = File()

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<LoggingConfig>] = [
        .value(
            "level", \.level,
            "stderr diagnostics: `error`, `warning` (config warnings), `info` (also what was loaded), "
                + "`debug` (also each command's duration)"),
        .section("file", \.file, "the rotating log file"),
    ]
}
