/// A config section (`data:`, `trading.live:`, `models.gru:` …) whose keys are declared once,
/// in `keys`; decoding, encoding and range checks follow from that table.
///
/// A conforming type needs a stored property with a default for every key and `init()` giving
/// the defaults. Decoding starts from `init()` and overwrites each key present (null counts as
/// absent); a present key of the wrong type fails with the key's path.
public protocol ConfigSection: Codable, Sendable, Equatable {
    /// The defaults.
    init()
    /// Every key, in file order (decoding, writing and checking follow it).
    static var keys: [ConfigKey<Self>] { get }
}

extension ConfigSection {
    /// Reads every declared key that is present.
    /// - Complexity: O(keys).
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: ConfigCodingKey.self)
        for key in Self.keys { try key.decode(&self, container) }
    }

    /// Writes every declared key under its name (aliases are never written).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ConfigCodingKey.self)
        for key in Self.keys { try key.encode(self, &container) }
    }

    /// Checks every key's rules in table order (keys marked `checkedLast` after the others).
    /// - Parameter prefix: The section's dotted path (`trading.live`), used to name the key.
    /// - Throws: `ConfigError.invalidValue` naming the first bad key as `prefix.key`.
    public func validate(prefix: String) throws(ConfigError) {
        for key in Self.keys where !key.checkedLast { try key.check(self, prefix) }
        for key in Self.keys where key.checkedLast { try key.check(self, prefix) }
    }

    /// The YAML name of the key that fills `path` (`\TradingConfig.fee` → `fee`).
    /// - Complexity: O(keys).
    public static func name(of path: PartialKeyPath<Self>) -> String {
        keys.first { $0.path == path }?.name ?? ""
    }

    /// The keys without their section type.
    public static var reference: [ConfigKeyReference] { keys.map(\.reference) }
}
