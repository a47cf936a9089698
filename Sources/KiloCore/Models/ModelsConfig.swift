/// `models:` — the settings of each per-symbol model.
///
/// Every property is a key of `keys` (its name, meaning and rules are declared there).
public struct ModelsConfig: ConfigSection {
    public var gru = GRUConfig()
    public var lightgbm = LightGBMConfig()
    public var ppo = PPOConfig()
    public var keepVersions = 5

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<ModelsConfig>] = [
        .section("gru", \.gru, "the GRU regressor"),
        .section("lightgbm", \.lightgbm, "the gradient-boosted trees"),
        .section("ppo", \.ppo, "the PPO agent"),
        .value(
            "keep_versions", \.keepVersions,
            "model files kept per (kind, symbol) after training, with their preprocessor and manifest; 0 keeps all",
            rules: [.zeroOrMore]),
    ]
}

extension ConfigRule where Value == Int {
    /// A model's OpenBLAS thread count, 0...256 (0 keeps the current setting).
    static var blasThreads: ConfigRule {
        .must("must be in 0...256 (0 keeps the OpenBLAS setting)") { (0...256).contains($0) }
    }
}
