/// `models:` — the settings of each per-symbol model.
public struct ModelsConfig: Codable, Sendable, Equatable {
    /// `models.gru`.
    public var gru = GRUConfig()
    /// `models.lightgbm`.
    public var lightgbm = LightGBMConfig()

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case gru, lightgbm }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        gru = try c.value(.gru, default: GRUConfig())
        lightgbm = try c.value(.lightgbm, default: LightGBMConfig())
    }

    /// Checks every model's ranges.
    public func validate(prefix: String) throws(ConfigError) {
        try gru.validate(prefix: "\(prefix).gru")
        try lightgbm.validate(prefix: "\(prefix).lightgbm")
    }
}
