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

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case dir, symbols, interval
        case staleAfterBars = "stale_after_bars"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DataConfig()
        dir = try c.value(.dir, default: d.dir)
        symbols = try c.value(.symbols, default: d.symbols).map { $0.uppercased() }
        interval = try c.value(.interval, default: d.interval)
        staleAfterBars = try c.value(.staleAfterBars, default: d.staleAfterBars)
    }

    /// Checks ranges.
    public func validate(prefix: String) throws(ConfigError) {
        if dir.isEmpty { throw .invalidValue(key: "\(prefix).dir", value: dir, reason: "must not be empty") }
        if staleAfterBars < 1 {
            throw .invalidValue(
                key: "\(prefix).stale_after_bars", value: String(staleAfterBars), reason: "must be at least 1")
        }
        for symbol in symbols where symbol.isEmpty || !symbol.allSatisfy({ $0.isLetter || $0.isNumber }) {
            throw .invalidValue(key: "\(prefix).symbols", value: symbol, reason: "not a symbol like BTCEUR")
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

/// `logging:` — how much the shell reports on standard error.
public struct LoggingConfig: Codable, Sendable, Equatable {
    /// The levels, least to most verbose.
    public enum Level: String, Codable, Sendable, CaseIterable, Comparable {
        case error, warning, info, debug

        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// Diagnostics at or above this level are printed on standard error (default `warning`):
    /// `warning` shows config warnings, `info` also what was loaded, `debug` also each
    /// command's duration.
    public var level: Level = .warning

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case level }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.value(.level, default: .warning)
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

        /// The defaults.
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enabled
            case baseURL = "base_url"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Telegram()
            enabled = try c.value(.enabled, default: d.enabled)
            baseURL = try c.value(.baseURL, default: d.baseURL)
        }
    }

    /// Telegram settings.
    public var telegram = Telegram()

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case telegram }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        telegram = try c.value(.telegram, default: Telegram())
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
