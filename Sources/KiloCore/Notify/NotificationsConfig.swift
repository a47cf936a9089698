import Foundation

/// `notifications:` — Telegram messages (credentials only from the environment).
///
/// Every property is a key of `keys` (its name, meaning and rules are declared there).
public struct NotificationsConfig: ConfigSection {
    /// `notifications.telegram:`.
    public struct Telegram: ConfigSection {
        public var enabled: Bool = false
        public var baseURL: String = "https://api.telegram.org"
        public var minIntervalSeconds: Double = 1
        public var queueCapacity: Int = 100
        public var timeoutSeconds: Double = 10
        public var maxRetries: Int = 3
        public var retryDelaySeconds: Double = 2

        /// The defaults.
        public init() {}

        public static let keys: [ConfigKey<Telegram>] = [
            .value(
                "enabled", \.enabled,
                "when on, `KILO_TELEGRAM_TOKEN` and `KILO_TELEGRAM_CHAT_ID` must be set in the environment (checked at start)"),
            .value(
                "base_url", \.baseURL, "Bot API base URL (a local server in tests)",
                rules: [
                    .must("must be an http or https URL") { text in
                        guard let url = URL(string: text), let host = url.host, !host.isEmpty else { return false }
                        let scheme = url.scheme?.lowercased()
                        return scheme == "http" || scheme == "https"
                    }
                ]),
            .value(
                "min_interval_seconds", \.minIntervalSeconds,
                "least time between two sends, in seconds (1: Telegram's per-chat limit)", rules: [.atLeastZero]),
            .value(
                "queue_capacity", \.queueCapacity,
                "messages waiting to be sent; when full the oldest is dropped and the next message says how many",
                rules: [.atLeast(1)]),
            .value(
                "timeout_seconds", \.timeoutSeconds, "timeout of one `sendMessage` request, in seconds",
                rules: [.must("must be more than 0") { $0 > 0 && $0.isFinite }]),
            .value(
                "max_retries", \.maxRetries,
                "extra attempts after a timeout, a dropped connection, HTTP 429 or 5xx; other failures are logged, never retried",
                rules: [.within(0...20)]),
            .value(
                "retry_delay_seconds", \.retryDelaySeconds,
                "wait before the first retry, doubled for each further one; a 429's `retry_after` replaces it",
                rules: [.atLeastZero]),
        ]
    }

    public var telegram = Telegram()
    public var errorRepeatMinutes: Double = 60

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<NotificationsConfig>] = [
        .section("telegram", \.telegram, "Telegram settings"),
        .value(
            "error_repeat_minutes", \.errorRepeatMinutes,
            "a symbol that keeps being skipped, or a feed that keeps failing, is reported again at most once per "
                + "this many minutes of feed time", rules: [.atLeastZero]),
    ]

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
