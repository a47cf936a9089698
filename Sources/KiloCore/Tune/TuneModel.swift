/// The model kinds `tune` searches, each tied to its config section's key table: a search-space
/// entry names one of that table's keys, and a trial's parameters are set on a copy of the section
/// through the table (`ConfigSection.applying`).
public enum TuneModel: String, Sendable, Codable, CaseIterable {
    case gru
    case lightgbm

    /// The model kind trained.
    public var kind: ModelKind {
        switch self {
        case .gru: .gru
        case .lightgbm: .lightgbm
        }
    }

    /// The tunable model for `kind`, or `nil` (PPO: its evaluation is a trading report, not a
    /// regression; tuning it may follow).
    public init?(kind: ModelKind) {
        switch kind {
        case .gru: self = .gru
        case .lightgbm: self = .lightgbm
        default: return nil
        }
    }

    /// The section's dotted path (`models.gru`).
    public var sectionPath: String { "models.\(rawValue)" }

    /// The YAML names of the section's keys, in table order.
    public var keyNames: [String] {
        switch self {
        case .gru: GRUConfig.keys.map(\.name)
        case .lightgbm: LightGBMConfig.keys.map(\.name)
        }
    }

    /// `config` with `parameters` set on this model's section, then (when `validate`) that
    /// section's rules checked.
    /// - Throws: `ConfigError` naming `models.KIND.KEY` (a wrong type or a value the section's
    ///   rules refuse).
    /// - Complexity: O(keys + parameters).
    public func applying(_ parameters: TrialParameters, to config: EngineConfig, validate: Bool = true) throws(ConfigError)
        -> EngineConfig
    {
        var config = config
        switch self {
        case .gru:
            config.models.gru = try config.models.gru.applying(parameters, prefix: sectionPath)
            if validate { try config.models.gru.validate(prefix: sectionPath) }
        case .lightgbm:
            config.models.lightgbm = try config.models.lightgbm.applying(parameters, prefix: sectionPath)
            if validate { try config.models.lightgbm.validate(prefix: sectionPath) }
        }
        return config
    }

    /// The model's section as JSON (sorted keys): part of a study's identity, since every key not
    /// searched still shapes the trials.
    public func sectionJSON(of config: EngineConfig) -> String {
        switch self {
        case .gru: StudyJSON.encode(config.models.gru)
        case .lightgbm: StudyJSON.encode(config.models.lightgbm)
        }
    }
}
