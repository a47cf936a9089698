/// `data:` — where market data lives and which symbols Kilo works with.
///
/// Every property is a key of `keys` (its name, meaning and rules are declared there).
public struct DataConfig: ConfigSection {
    public var dir: String = "data"
    public var symbols: [String] = ["BTCEUR", "ETHEUR", "ADAEUR", "DOTEUR", "LINKEUR"]
    public var interval: BarInterval = BarInterval(seconds: 1_800)
    public var staleAfterBars: Int = 2
    public var maxLoadBytes: Int = DataConfig.defaultMaxLoadBytes

    /// The default `max_load_bytes`: 2 GiB.
    public static let defaultMaxLoadBytes = 2 << 30

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<DataConfig>] = [
        .value("dir", \.dir, "folder searched by `load SYMBOL` and by `kilo train`", rules: [.notEmpty]),
        .value(
            "symbols", \.symbols, "what `all` means for training and trading (upper-cased when read)",
            rules: [.custom("each a symbol, listed once", symbolFailure)], checkedLast: true,
            decoded: { $0.map { $0.uppercased() } }),
        .value("interval", \.interval, "expected bar interval; other intervals are reported by `validate`"),
        .value(
            "stale_after_bars", \.staleAfterBars, "a last bar older than this many intervals (against the clock) is stale",
            rules: [.atLeast(1)]),
        .value(
            "max_load_bytes", \.maxLoadBytes,
            "the largest file one `load` reads (2 GiB); a larger file is refused naming this key", rules: [.atLeast(1)]),
    ]

    /// The first symbol that is malformed or listed twice.
    @Sendable private static func symbolFailure(_ symbols: [String], _: DataConfig) -> ConfigFailure? {
        var seen: Set<String> = []
        for symbol in symbols {
            guard BarSymbol.isValid(symbol) else { return (symbol, "not a symbol (\(BarSymbol.rule))") }
            guard seen.insert(symbol).inserted else { return (symbol, "listed more than once") }
        }
        return nil
    }
}
