import Foundation

extension ConfigSection {
    /// A copy with `values` set by their YAML key names, read through the section's own key table
    /// (the same decoding as `config.yaml`, so a tuned parameter has no second spelling).
    /// Keys not named keep this section's values; names the table does not declare are ignored
    /// (callers check names first: `TuneSpace.check`).
    /// - Parameter values: Key name → value (`int`, `float` or `string`).
    /// - Throws: `ConfigError.wrongType` naming `prefix.key` when a value does not decode as the
    ///   key's type (a real number for a whole-number key, text for a number).
    /// - Complexity: O(keys + values).
    public func applying(_ values: [String: ParameterValue], prefix: String = "") throws(ConfigError) -> Self {
        guard !values.isEmpty else { return self }
        var fields: [String] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            fields.append("\(Self.jsonString(name)): \(Self.jsonLiteral(value))")
        }
        let text = "{" + fields.joined(separator: ", ") + "}"
        let decoder = JSONDecoder()
        guard let key = ConfigOverlayBase.key else { throw .invalidValue(key: prefix, value: text, reason: "no user-info key") }
        decoder.userInfo[key] = ConfigOverlayBase(section: self)
        do {
            return try decoder.decode(ConfigOverlay<Self>.self, from: Data(text.utf8)).section
        } catch {
            // Find the value that does not decode and say what its key takes.
            for (name, value) in values.sorted(by: { $0.key < $1.key }) where values.count > 1 {
                _ = try applying([name: value], prefix: prefix)
            }
            let name = values.keys.first ?? ""
            func takes(_ literal: String) -> Bool {
                (try? decoder.decode(ConfigOverlay<Self>.self, from: Data("{\(Self.jsonString(name)): \(literal)}".utf8))) != nil
            }
            let expected =
                takes("0.5") ? "a number" : takes("1") ? "a whole number" : takes("\"x\"") ? "text"
                : takes("true") ? "true or false" : "a value of another type"
            throw .wrongType(key: ConfigKeyPath.join(prefix, name), expected: expected)
        }
    }

    /// A value as a JSON literal: whole numbers bare, reals in Swift's shortest round-trip form
    /// (non-finite ones as strings, which no number key accepts), text quoted.
    static func jsonLiteral(_ value: ParameterValue) -> String {
        switch value {
        case .int(let v): return "\(v)"
        case .float(let v): return v.isFinite ? "\(v)" : jsonString("\(v)")
        case .string(let v): return jsonString(v)
        }
    }

    /// `text` as a quoted JSON string.
    static func jsonString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// The section an overlay starts from, passed through the decoder's user info.
struct ConfigOverlayBase: @unchecked Sendable {
    static let key = CodingUserInfoKey(rawValue: "kilo.config.overlay.base")
    /// A `ConfigSection` (type-erased for the user info).
    let section: Any
}

/// Decodes a mapping of key names onto a base section with the base's key table.
private struct ConfigOverlay<Section: ConfigSection>: Decodable {
    var section: Section

    init(from decoder: any Decoder) throws {
        guard let key = ConfigOverlayBase.key,
            let base = (decoder.userInfo[key] as? ConfigOverlayBase)?.section as? Section
        else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no base section"))
        }
        section = base
        let container = try decoder.container(keyedBy: ConfigCodingKey.self)
        for key in Section.keys { try key.decode(&section, container) }
    }
}
