/// `trading.live:` — the exchange feed of `kilo trade --live`: endpoint, timing, retries and the
/// local market store.
///
/// Every key is optional in `config.yaml`; a missing key keeps the default documented here.
public struct LiveConfig: Codable, Sendable, Equatable {
    /// Base URL of the Binance-compatible klines endpoint (default `https://api.binance.com`;
    /// `http://` or `https://`).
    public var baseURL: String = "https://api.binance.com"
    /// Seconds after a bar's close before it is fetched, so the exchange has finished it
    /// (default 10, in [0, interval)).
    public var graceSeconds: Double = 10
    /// Timeout of each request in seconds (default 10, > 0).
    public var timeoutSeconds: Double = 10
    /// Retries after a failed request (timeouts, connection errors, 5xx, 429/418)
    /// (default 3, in [0, 100]).
    public var maxRetries: Int = 3
    /// Cap of the first retry's backoff in seconds; it doubles per retry (default 1, ≥ 0).
    public var backoffBaseSeconds: Double = 1
    /// Largest backoff in seconds; a `Retry-After` longer than this skips the step instead
    /// (default 30, ≥ `backoff_base_seconds`).
    public var backoffMaxSeconds: Double = 30
    /// How the backoff is drawn below its cap: `full` (uniform in [0, cap]) or `equal`
    /// (cap/2 plus uniform in [0, cap/2]) (default `full`).
    public var jitter: RetryPolicy.Jitter = .full
    /// Seed of the backoff jitter (default 0).
    public var seed: UInt64 = 0
    /// Closed bars fetched per symbol when the market store has none yet, so the models have
    /// their warm-up (default 1000, ≥ 1).
    public var historyBars: Int = 1_000
    /// Folder of the market store: one SQLite file per symbol, `SYMBOL_30m.sqlite`, in the
    /// original Bot_kilo `market_data` layout, so `load` reads it (default `data/market`).
    public var marketStore: String = "data/market"
    /// The live trader's journal, apart from the replay trader's `trading.state_path` (default
    /// `state/live.sqlite`).
    public var statePath: String = "state/live.sqlite"

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case baseURL = "base_url"
        case graceSeconds = "grace_seconds"
        case timeoutSeconds = "timeout_seconds"
        case maxRetries = "max_retries"
        case backoffBaseSeconds = "backoff_base_seconds"
        case backoffMaxSeconds = "backoff_max_seconds"
        case jitter, seed
        case historyBars = "history_bars"
        case marketStore = "market_store"
        case statePath = "state_path"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = LiveConfig()
        baseURL = try c.value(.baseURL, default: d.baseURL)
        graceSeconds = try c.value(.graceSeconds, default: d.graceSeconds)
        timeoutSeconds = try c.value(.timeoutSeconds, default: d.timeoutSeconds)
        maxRetries = try c.value(.maxRetries, default: d.maxRetries)
        backoffBaseSeconds = try c.value(.backoffBaseSeconds, default: d.backoffBaseSeconds)
        backoffMaxSeconds = try c.value(.backoffMaxSeconds, default: d.backoffMaxSeconds)
        jitter = try c.value(.jitter, default: d.jitter)
        seed = try c.value(.seed, default: d.seed)
        historyBars = try c.value(.historyBars, default: d.historyBars)
        marketStore = try c.value(.marketStore, default: d.marketStore)
        statePath = try c.value(.statePath, default: d.statePath)
    }

    /// Checks ranges (`grace_seconds` against the bar interval is checked by `LiveFeed`).
    /// - Throws: `ConfigError.invalidValue` naming the first bad key under `prefix`.
    public func validate(prefix: String) throws(ConfigError) {
        func bad(_ key: CodingKeys, _ value: String, _ reason: String) -> ConfigError {
            .invalidValue(key: "\(prefix).\(key.rawValue)", value: value, reason: reason)
        }
        let lower = baseURL.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), baseURL.count > 8 else {
            throw bad(.baseURL, baseURL, "must be an http:// or https:// url")
        }
        if !(graceSeconds.isFinite && graceSeconds >= 0) {
            throw bad(.graceSeconds, "\(graceSeconds)", "must be at least 0")
        }
        if !(timeoutSeconds.isFinite && timeoutSeconds > 0) {
            throw bad(.timeoutSeconds, "\(timeoutSeconds)", "must be positive")
        }
        if !(0...100).contains(maxRetries) {
            throw bad(.maxRetries, "\(maxRetries)", "must be in [0, 100]")
        }
        if !(backoffBaseSeconds.isFinite && backoffBaseSeconds >= 0) {
            throw bad(.backoffBaseSeconds, "\(backoffBaseSeconds)", "must be at least 0")
        }
        if !(backoffMaxSeconds.isFinite && backoffMaxSeconds >= backoffBaseSeconds) {
            throw bad(
                .backoffMaxSeconds, "\(backoffMaxSeconds)", "must be at least backoff_base_seconds")
        }
        if historyBars < 1 { throw bad(.historyBars, "\(historyBars)", "must be at least 1") }
        if marketStore.isEmpty { throw bad(.marketStore, "", "must not be empty") }
        if statePath.isEmpty { throw bad(.statePath, "", "must not be empty") }
    }
}
