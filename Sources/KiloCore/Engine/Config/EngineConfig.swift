/// The whole of `config/config.yaml`, decoded into typed sections with a default for every key.
///
/// Each section declares its keys in its own table, next to its subject (`DataConfig` in Data/,
/// `TradingConfig` in Trading/, `GRUConfig` with the GRU, …); this table only lists the sections.
public struct EngineConfig: ConfigSection {
    public var data = DataConfig()
    public var features = FeatureConfig()
    public var training = TrainingConfig()
    public var tune = TuneConfig()
    public var models = ModelsConfig()
    public var trading = TradingConfig()
    public var paths = PathsConfig()
    public var logging = LoggingConfig()
    public var notifications = NotificationsConfig()

    /// All defaults.
    public init() {}

    public static let keys: [ConfigKey<EngineConfig>] = [
        .section("data", \.data, "market data and symbols"),
        .section("features", \.features, "the feature catalogue"),
        .section("training", \.training, "row splits"),
        .section("tune", \.tune, "hyperparameter search (`tune`)"),
        .section("models", \.models, "each model's settings"),
        .section("trading", \.trading, "the paper trader"),
        .section("paths", \.paths, "output folders"),
        .section("logging", \.logging, "diagnostics and the log file"),
        .section("notifications", \.notifications, "Telegram"),
    ]

    /// Checks every section's ranges.
    /// - Throws: `ConfigError.invalidValue` naming the first bad key.
    public func validate() throws(ConfigError) { try validate(prefix: "") }
}
