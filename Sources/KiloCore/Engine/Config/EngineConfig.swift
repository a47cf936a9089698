/// The whole of `config/config.yaml`, decoded into typed sections with a default for every key.
public struct EngineConfig: Codable, Sendable, Equatable {
    /// `data:`.
    public var data = DataConfig()
    /// `features:`.
    public var features = FeatureConfig()
    /// `training:`.
    public var training = TrainingConfig()
    /// `models:`.
    public var models = ModelsConfig()
    /// `trading:`.
    public var trading = TradingConfig()
    /// `paths:`.
    public var paths = PathsConfig()
    /// `logging:`.
    public var logging = LoggingConfig()
    /// `notifications:`.
    public var notifications = NotificationsConfig()

    /// All defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case data, features, training, models, trading, paths, logging, notifications
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        data = try c.value(.data, default: DataConfig())
        features = try c.value(.features, default: FeatureConfig())
        training = try c.value(.training, default: TrainingConfig())
        models = try c.value(.models, default: ModelsConfig())
        trading = try c.value(.trading, default: TradingConfig())
        paths = try c.value(.paths, default: PathsConfig())
        logging = try c.value(.logging, default: LoggingConfig())
        notifications = try c.value(.notifications, default: NotificationsConfig())
    }

    /// Checks every section's ranges.
    /// - Throws: `ConfigError.invalidValue` naming the first bad key.
    public func validate() throws(ConfigError) {
        try data.validate(prefix: "data")
        try features.validate(prefix: "features")
        try training.validate(prefix: "training")
        try models.validate(prefix: "models")
        try trading.validate(prefix: "trading")
        try paths.validate(prefix: "paths")
        try logging.validate(prefix: "logging")
        try notifications.validate(prefix: "notifications")
    }

    /// Keys whose values are free-form mappings (their own keys are not checked).
    static let freeFormKeys: Set<String> = ["trading.model_weights", "trading.base_thresholds"]

    /// Accepted spellings that are not written back (LightGBM's parameter aliases).
    static let aliasKeys: Set<String> = [
        "models.lightgbm.n_estimators", "models.lightgbm.early_stopping_rounds",
    ]
}
