import Foundation

/// A JSON value as a job carries it: a model's config section (`params`) that is merged over the
/// job's config before it runs. Objects keep their keys sorted when encoded (`JobSpec.encoder`),
/// so the same value always gives the same bytes.
public indirect enum JobJSON: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case array([JobJSON])
    case object([String: JobJSON])

    /// Integers first (a seed keeps every digit), then other numbers.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            self = .int(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JobJSON].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JobJSON].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let integer): try container.encode(integer)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }

    /// The JSON form of any encodable value (a config section).
    /// - Throws: `EncodingError`, `DecodingError`.
    public init(encoding value: some Encodable) throws {
        let data = try JobSpec.encoder.encode(value)
        self = try JobSpec.decoder.decode(JobJSON.self, from: data)
    }

    /// The value decoded as `type`.
    /// - Throws: `DecodingError` naming the key that does not fit.
    public func decode<T: Decodable>(as type: T.Type) throws -> T {
        try JobSpec.decoder.decode(type, from: JobSpec.encoder.encode(self))
    }

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> JobJSON? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// `overrides` laid over this value: objects merge key by key (recursively), anything else
    /// is replaced. Train jobs carry their section whole, so merging it changes nothing (a tune
    /// trial's suggestions are set through the section's key table instead, `JobSpec.effectiveConfig`).
    /// - Complexity: O(size of `overrides`).
    public func merging(_ overrides: JobJSON) -> JobJSON {
        guard case .object(var members) = self, case .object(let changes) = overrides else { return overrides }
        for (key, value) in changes { members[key] = members[key].map { $0.merging(value) } ?? value }
        return .object(members)
    }
}
