/// `trading.live:` — the exchange feed of `kilo trade --live`: endpoint, timing, retries and the
/// local market store.
///
/// Every key is optional in `config.yaml`; a missing key keeps its default. Every property is a
/// key of `keys` (its name, meaning and rules are declared there); `grace_seconds` against the
/// bar interval is checked by `LiveFeed`.
public struct LiveConfig: ConfigSection {
    public var baseURL: String = "https://api.binance.com"
    public var graceSeconds: Double = 10
    public var timeoutSeconds: Double = 10
    public var maxRetries: Int = 3
    public var backoffBaseSeconds: Double = 1
    public var backoffMaxSeconds: Double = 30
    public var jitter: RetryPolicy.Jitter = .full
    public var seed: UInt64 = 0
    public var historyBars: Int = 1_000
    public var marketStore: String = "data/market"
    public var statePath: String = "state/live.sqlite"
    public var fetchConcurrency: Int = 2
    public var fetchWeightLimit: Int = 6_000

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<LiveConfig>] = [
        .value(
            "base_url", \.baseURL, "base URL of the Binance-compatible klines endpoint of `kilo trade --live`",
            rules: [
                .must("must be an http:// or https:// url") { url in
                    let lower = url.lowercased()
                    return (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && url.count > 8
                }
            ]),
        .value(
            "grace_seconds", \.graceSeconds,
            "seconds after a bar's close before it is fetched, so the exchange has finished it (less than the interval)",
            rules: [.atLeastZero]),
        .value(
            "timeout_seconds", \.timeoutSeconds, "timeout of each request in seconds", rules: [.positive]),
        .value(
            "max_retries", \.maxRetries,
            "retries after a failed request (timeouts, connection errors, 5xx, 429/418); other 4xx are not retried",
            rules: [.must("must be in [0, 100]") { (0...100).contains($0) }]),
        .value(
            "backoff_base_seconds", \.backoffBaseSeconds,
            "cap of the first retry's backoff in seconds; it doubles per retry", rules: [.atLeastZero]),
        .value(
            "backoff_max_seconds", \.backoffMaxSeconds,
            "largest backoff in seconds; a `Retry-After` longer than this skips the step instead of waiting",
            rules: [
                .relation("must be at least backoff_base_seconds") { $0.isFinite && $0 >= $1.backoffBaseSeconds }
            ]),
        .value(
            "jitter", \.jitter,
            "how the backoff is drawn below its cap: `full` (uniform in [0, cap]) or `equal` (cap/2 plus uniform in [0, cap/2])"),
        .value("seed", \.seed, "seed of the backoff jitter"),
        .value(
            "history_bars", \.historyBars,
            "closed bars fetched per symbol when the market store has none yet, so the models have their warm-up",
            rules: [.atLeast(1)]),
        .value(
            "market_store", \.marketStore,
            "folder of the market store: one SQLite file per symbol (`BTCEUR_30m.sqlite`, Bot_kilo's `market_data` "
                + "layout) that `load` reads", rules: [.notEmpty]),
        .value(
            "state_path", \.statePath, "the live trader's journal, apart from the replay trader's `trading.state_path`",
            rules: [.notEmpty]),
        .value(
            "fetch_concurrency", \.fetchConcurrency, "symbols `fetch` downloads at the same time",
            rules: [.must("must be in [1, 16]") { (1...16).contains($0) }]),
        .value(
            "fetch_weight_limit", \.fetchWeightLimit,
            "the endpoint's request-weight limit per minute; `fetch` pauses until the next minute once the "
                + "`X-MBX-USED-WEIGHT-1M` header reports 80% of it used", rules: [.atLeast(10)]),
    ]
}
