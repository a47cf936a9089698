import Foundation

/// `data:` — where market data lives and which symbols Kilo works with.
public struct DataConfig: Codable, Sendable, Equatable {
    /// Folder searched by `load SYMBOL` and by `kilo train` (default `data`).
    public var dir: String = "data"
    /// The symbols `all` means and `kilo train`/`kilo trade` use by default.
    public var symbols: [String] = ["BTCEUR", "ETHEUR", "ADAEUR", "DOTEUR", "LINKEUR"]
    /// The bar interval expected of loaded data (default `30m`); a file with another interval
    /// is reported by `validate`.
    public var interval: BarInterval = BarInterval(seconds: 1_800)
    /// A last bar older than this many intervals (against the clock) is reported as stale.
    public var staleAfterBars: Int = 2
    /// The largest file one `load` reads, in bytes (default 2 GiB); a larger file is refused
    /// with a message naming this key.
    public var maxLoadBytes: Int = DataConfig.defaultMaxLoadBytes

    /// The default `max_load_bytes`: 2 GiB.
    public static let defaultMaxLoadBytes = 2 << 30

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case dir, symbols, interval
        case staleAfterBars = "stale_after_bars"
        case maxLoadBytes = "max_load_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DataConfig()
        dir = try c.value(.dir, default: d.dir)
        symbols = try c.value(.symbols, default: d.symbols).map { $0.uppercased() }
        interval = try c.value(.interval, default: d.interval)
        staleAfterBars = try c.value(.staleAfterBars, default: d.staleAfterBars)
        maxLoadBytes = try c.value(.maxLoadBytes, default: d.maxLoadBytes)
    }

    /// Checks ranges.
    public func validate(prefix: String) throws(ConfigError) {
        if dir.isEmpty { throw .invalidValue(key: "\(prefix).dir", value: dir, reason: "must not be empty") }
        if staleAfterBars < 1 {
            throw .invalidValue(
                key: "\(prefix).stale_after_bars", value: String(staleAfterBars), reason: "must be at least 1")
        }
        if maxLoadBytes < 1 {
            throw .invalidValue(
                key: "\(prefix).max_load_bytes", value: String(maxLoadBytes), reason: "must be at least 1")
        }
        var seen: Set<String> = []
        for symbol in symbols {
            guard BarSymbol.isValid(symbol) else {
                throw .invalidValue(key: "\(prefix).symbols", value: symbol, reason: "not a symbol (\(BarSymbol.rule))")
            }
            guard seen.insert(symbol).inserted else {
                throw .invalidValue(key: "\(prefix).symbols", value: symbol, reason: "listed more than once")
            }
        }
    }
}

/// `paths:` — where Kilo writes trained models and session scripts.
public struct PathsConfig: Codable, Sendable, Equatable {
    /// Folder of model files (default `models`).
    public var models: String = "models"
    /// Folder of session scripts written by `save session` and found by `replay NAME`
    /// (default `sessions`).
    public var sessions: String = "sessions"

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case models, sessions }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PathsConfig()
        models = try c.value(.models, default: d.models)
        sessions = try c.value(.sessions, default: d.sessions)
    }

    /// Checks that no path is empty.
    public func validate(prefix: String) throws(ConfigError) {
        if models.isEmpty { throw .invalidValue(key: "\(prefix).models", value: "", reason: "must not be empty") }
        if sessions.isEmpty {
            throw .invalidValue(key: "\(prefix).sessions", value: "", reason: "must not be empty")
        }
    }
}

/// `logging:` — how much the shell reports on standard error, and the rotating log file.
public struct LoggingConfig: Codable, Sendable, Equatable {
    /// The levels, least to most verbose.
    public enum Level: String, Codable, Sendable, CaseIterable, Comparable {
        case error, warning, info, debug

        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// `logging.file:` — the rotating log file written by `RotatingFileLogHandler`.
    public struct File: Codable, Sendable, Equatable {
        /// Whether `KiloLogging.makeFileHandler` makes a handler (default `true`).
        public var enabled: Bool = true
        /// Folder of `kilo.log` and its rotated copies, created when missing (default `logs`).
        public var directory: String = "logs"
        /// A file rotates before a line would take it past this size (default 10 MiB, at least 1024).
        public var maxBytes: Int = 10_485_760
        /// Files kept: `kilo.log` plus `kilo.log.1 … kilo.log.{max_files-1}` (default 5, at least 1).
        public var maxFiles: Int = 5
        /// Lines at or above this level are written (default `info`).
        public var level: Level = .info

        /// The defaults.
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enabled, directory, level
            case maxBytes = "max_bytes"
            case maxFiles = "max_files"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = File()
            enabled = try c.value(.enabled, default: d.enabled)
            directory = try c.value(.directory, default: d.directory)
            maxBytes = try c.value(.maxBytes, default: d.maxBytes)
            maxFiles = try c.value(.maxFiles, default: d.maxFiles)
            level = try c.value(.level, default: d.level)
        }

        /// Checks ranges.
        public func validate(prefix: String) throws(ConfigError) {
            if directory.isEmpty {
                throw .invalidValue(key: "\(prefix).directory", value: "", reason: "must not be empty")
            }
            if maxBytes < 1_024 {
                throw .invalidValue(
                    key: "\(prefix).max_bytes", value: String(maxBytes), reason: "must be at least 1024")
            }
            if maxFiles < 1 || maxFiles > 100 {
                throw .invalidValue(
                    key: "\(prefix).max_files", value: String(maxFiles), reason: "must be in 1...100")
            }
        }
    }

    /// Diagnostics at or above this level are printed on standard error (default `warning`):
    /// `warning` shows config warnings, `info` also what was loaded, `debug` also each
    /// command's duration.
    public var level: Level = .warning
    /// The rotating log file.
    public var file = File()

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case level, file }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.value(.level, default: .warning)
        file = try c.value(.file, default: File())
    }

    /// Checks ranges.
    public func validate(prefix: String) throws(ConfigError) {
        try file.validate(prefix: "\(prefix).file")
    }
}

/// `notifications:` — Telegram messages (credentials only from the environment).
public struct NotificationsConfig: Codable, Sendable, Equatable {
    /// `notifications.telegram:`.
    public struct Telegram: Codable, Sendable, Equatable {
        /// Whether to send messages; when on, `KILO_TELEGRAM_TOKEN` and `KILO_TELEGRAM_CHAT_ID`
        /// must be set in the environment (checked at start-up).
        public var enabled: Bool = false
        /// The Bot API base URL (a local server in tests).
        public var baseURL: String = "https://api.telegram.org"
        /// Least time between two sends, in seconds (default 1: Telegram's per-chat limit).
        public var minIntervalSeconds: Double = 1
        /// Messages waiting to be sent; when full the oldest is dropped (default 100, at least 1).
        public var queueCapacity: Int = 100
        /// Timeout of one `sendMessage` request, in seconds (default 10, > 0).
        public var timeoutSeconds: Double = 10
        /// Extra attempts after a timeout, a dropped connection, HTTP 429 or 5xx (default 3, ≥ 0).
        public var maxRetries: Int = 3
        /// Wait before the first retry, doubled for each further one; a 429's `retry_after`
        /// replaces it (default 2, ≥ 0).
        public var retryDelaySeconds: Double = 2

        /// The defaults.
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enabled
            case baseURL = "base_url"
            case minIntervalSeconds = "min_interval_seconds"
            case queueCapacity = "queue_capacity"
            case timeoutSeconds = "timeout_seconds"
            case maxRetries = "max_retries"
            case retryDelaySeconds = "retry_delay_seconds"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Telegram()
            enabled = try c.value(.enabled, default: d.enabled)
            baseURL = try c.value(.baseURL, default: d.baseURL)
            minIntervalSeconds = try c.value(.minIntervalSeconds, default: d.minIntervalSeconds)
            queueCapacity = try c.value(.queueCapacity, default: d.queueCapacity)
            timeoutSeconds = try c.value(.timeoutSeconds, default: d.timeoutSeconds)
            maxRetries = try c.value(.maxRetries, default: d.maxRetries)
            retryDelaySeconds = try c.value(.retryDelaySeconds, default: d.retryDelaySeconds)
        }

        /// Checks ranges and that the base URL is an http(s) URL.
        public func validate(prefix: String) throws(ConfigError) {
            let scheme = URL(string: baseURL)?.scheme?.lowercased()
            if scheme != "http" && scheme != "https" {
                throw .invalidValue(
                    key: "\(prefix).base_url", value: baseURL, reason: "must be an http or https URL")
            }
            let checks: [(key: String, value: String, isValid: Bool, reason: String)] = [
                ("min_interval_seconds", "\(minIntervalSeconds)", minIntervalSeconds >= 0 && minIntervalSeconds.isFinite,
                 "must be at least 0"),
                ("queue_capacity", "\(queueCapacity)", queueCapacity >= 1, "must be at least 1"),
                ("timeout_seconds", "\(timeoutSeconds)", timeoutSeconds > 0 && timeoutSeconds.isFinite, "must be more than 0"),
                ("max_retries", "\(maxRetries)", (0...20).contains(maxRetries), "must be in 0...20"),
                ("retry_delay_seconds", "\(retryDelaySeconds)", retryDelaySeconds >= 0 && retryDelaySeconds.isFinite,
                 "must be at least 0"),
            ]
            for (key, value, isValid, reason) in checks where !isValid {
                throw .invalidValue(key: "\(prefix).\(key)", value: "\(value)", reason: reason)
            }
        }
    }

    /// Telegram settings.
    public var telegram = Telegram()
    /// A symbol that keeps being skipped (or a feed that keeps failing) is reported again at
    /// most once per this many minutes of feed time (default 60, ≥ 0).
    public var errorRepeatMinutes: Double = 60

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case telegram
        case errorRepeatMinutes = "error_repeat_minutes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = NotificationsConfig()
        telegram = try c.value(.telegram, default: d.telegram)
        errorRepeatMinutes = try c.value(.errorRepeatMinutes, default: d.errorRepeatMinutes)
    }

    /// Checks ranges.
    public func validate(prefix: String) throws(ConfigError) {
        try telegram.validate(prefix: "\(prefix).telegram")
        if !(errorRepeatMinutes >= 0 && errorRepeatMinutes.isFinite) {
            throw .invalidValue(
                key: "\(prefix).error_repeat_minutes", value: "\(errorRepeatMinutes)",
                reason: "must be at least 0")
        }
    }

    /// The environment variables a secret key maps to.
    public static let secretVariables: [String: String] = [
        "notifications.telegram.token": "KILO_TELEGRAM_TOKEN",
        "notifications.telegram.chat_id": "KILO_TELEGRAM_CHAT_ID",
    ]

    /// Warnings about missing credentials when Telegram is enabled.
    public func environmentWarnings(_ environment: [String: String]) -> [String] {
        guard telegram.enabled else { return [] }
        return ["KILO_TELEGRAM_TOKEN", "KILO_TELEGRAM_CHAT_ID"].filter { (environment[$0] ?? "").isEmpty }
            .map { "notifications.telegram.enabled is on but \($0) is not set in the environment" }
    }
}
