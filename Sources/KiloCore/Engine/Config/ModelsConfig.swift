/// `models:` — the settings of each per-symbol model.
public struct ModelsConfig: Codable, Sendable, Equatable {
    /// `models.gru`.
    public var gru = GRUConfig()

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case gru }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        gru = try c.value(.gru, default: GRUConfig())
    }

    /// Checks every model's ranges.
    public func validate(prefix: String) throws(ConfigError) {
        try gru.validate(prefix: "\(prefix).gru")
    }
}
