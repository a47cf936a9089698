/// `models:` — the settings of each per-symbol model.
public struct ModelsConfig: Codable, Sendable, Equatable {
    /// `models.gru`.
    public var gru = GRUConfig()
    /// `models.lightgbm`.
    public var lightgbm = LightGBMConfig()
    /// `models.ppo`.
    public var ppo = PPOConfig()
    /// Model files kept per (kind, symbol) after training; older ones are deleted with their
    /// preprocessor and manifest. 0 keeps everything.
    public var keepVersions = 5

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case gru, lightgbm, ppo
        case keepVersions = "keep_versions"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        gru = try c.value(.gru, default: GRUConfig())
        lightgbm = try c.value(.lightgbm, default: LightGBMConfig())
        ppo = try c.value(.ppo, default: PPOConfig())
        keepVersions = try c.value(.keepVersions, default: 5)
    }

    /// Checks every model's ranges.
    public func validate(prefix: String) throws(ConfigError) {
        try gru.validate(prefix: "\(prefix).gru")
        try lightgbm.validate(prefix: "\(prefix).lightgbm")
        try ppo.validate(prefix: "\(prefix).ppo")
        if keepVersions < 0 {
            throw .invalidValue(key: "\(prefix).keep_versions", value: "\(keepVersions)", reason: "must be 0 or more")
        }
    }
}
