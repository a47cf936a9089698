/// One key of a config section, declared once: its YAML name (and accepted aliases), the property
/// it fills, what it means, and the rules its value must meet.
///
/// A section's `keys` table drives decoding (a missing key keeps the property's default),
/// encoding, range checks (`ConfigSection.validate(prefix:)`), the unknown-key warnings with
/// their "did you mean", and the README's configuration table (`ConfigReference`).
public struct ConfigKey<Section: ConfigSection>: Sendable {
    /// The key as written in `config.yaml`.
    public let name: String
    /// Other spellings accepted when reading (never written, never suggested).
    public let aliases: [String]
    /// What the key means, as the README's table shows it.
    public let doc: String
    /// The key's rules (an enumeration's values, then each rule's reason), as the README's table
    /// shows them.
    public let rules: [String]
    /// Whether the key's checks run after every other key's (keeps the order the first failure
    /// is reported in).
    let checkedLast: Bool
    /// The property the key fills.
    let path: PartialKeyPath<Section> & Sendable
    /// The keys of a nested section (`nil` for a value).
    let children: (@Sendable () -> [ConfigKeyReference])?
    /// The default, rendered for the README.
    let defaultText: @Sendable () -> String
    /// Reads the key (the first spelling present) into a section; absent or null keeps it.
    let decode: @Sendable (inout Section, KeyedDecodingContainer<ConfigCodingKey>) throws -> Void
    /// Writes the key under its name.
    let encode: @Sendable (Section, inout KeyedEncodingContainer<ConfigCodingKey>) throws -> Void
    /// Throws the first rule the value breaks, naming `prefix.name`.
    let check: @Sendable (Section, String) throws(ConfigError) -> Void

    /// A value key: `path` holds its value, whose default is the property's initial value.
    /// - Parameters:
    ///   - name: The YAML key.
    ///   - path: The property.
    ///   - doc: What it means.
    ///   - aliases: Other accepted spellings; the first present of `name`, then `aliases`, is read.
    ///   - rules: Checked in order by `validate(prefix:)`; the first that fails is reported.
    ///   - checkedLast: Run this key's rules after every other key's.
    ///   - decoded: Applied to a value read from the file (not to the default).
    ///   - deepCheck: Run after the rules with the value and the key's dotted path, for a structured
    ///     value whose errors name a key inside it (`tune.spaces.gru.hidden_size`).
    public static func value<Value: Codable & Sendable>(
        _ name: String, _ path: WritableKeyPath<Section, Value> & Sendable, _ doc: String,
        aliases: [String] = [], rules: [ConfigRule<Section, Value>] = [], checkedLast: Bool = false,
        decoded: (@Sendable (Value) -> Value)? = nil,
        deepCheck: (@Sendable (Value, String) throws(ConfigError) -> Void)? = nil
    ) -> ConfigKey {
        ConfigKey(
            name: name, aliases: aliases, doc: doc,
            rules: ConfigReference.choices(of: Value.self) + rules.map(\.reason), checkedLast: checkedLast,
            path: path, children: nil,
            defaultText: { ConfigReference.render(Section()[keyPath: path]) },
            decode: { section, container in
                for spelling in [name] + aliases {
                    if let value = try container.decodeIfPresent(Value.self, forKey: ConfigCodingKey(spelling)) {
                        section[keyPath: path] = decoded?(value) ?? value
                        return
                    }
                }
            },
            encode: { section, container in
                try container.encode(section[keyPath: path], forKey: ConfigCodingKey(name))
            },
            check: { section, prefix throws(ConfigError) in
                let value = section[keyPath: path]
                for rule in rules {
                    if let failure = rule.failure(value, section) {
                        throw .invalidValue(
                            key: ConfigKeyPath.join(prefix, name), value: failure.value, reason: failure.reason)
                    }
                }
                try deepCheck?(value, ConfigKeyPath.join(prefix, name))
            })
    }

    /// A nested section (`trading.live`, `models.gru`, …), decoded, encoded and checked by its own table.
    public static func section<Child: ConfigSection>(
        _ name: String, _ path: WritableKeyPath<Section, Child> & Sendable, _ doc: String
    ) -> ConfigKey {
        ConfigKey(
            name: name, aliases: [], doc: doc, rules: [], checkedLast: false,
            path: path, children: { Child.reference },
            defaultText: { "" },
            decode: { section, container in
                if let value = try container.decodeIfPresent(Child.self, forKey: ConfigCodingKey(name)) {
                    section[keyPath: path] = value
                }
            },
            encode: { section, container in
                try container.encode(section[keyPath: path], forKey: ConfigCodingKey(name))
            },
            check: { section, prefix throws(ConfigError) in
                try section[keyPath: path].validate(prefix: ConfigKeyPath.join(prefix, name))
            })
    }

    /// The key without its section type, for the loader's key walk and the README.
    var reference: ConfigKeyReference {
        ConfigKeyReference(
            name: name, aliases: aliases, doc: doc, rules: rules, defaultText: defaultText(),
            children: children?())
    }
}

/// A key of any section: what the unknown-key walk and the README table read.
public struct ConfigKeyReference: Sendable, Equatable {
    /// The YAML key.
    public var name: String
    /// Accepted other spellings.
    public var aliases: [String]
    /// What it means.
    public var doc: String
    /// The reasons of its rules.
    public var rules: [String]
    /// The default, rendered (empty for a section).
    public var defaultText: String
    /// The keys of a nested section, `nil` for a value.
    public var children: [ConfigKeyReference]?
}

/// A config key as a coding key (any spelling).
public struct ConfigCodingKey: CodingKey, Sendable {
    public let stringValue: String
    public var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

/// Dotted key paths.
enum ConfigKeyPath {
    /// `prefix.name`, or `name` at the top level.
    static func join(_ prefix: String, _ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }
}
