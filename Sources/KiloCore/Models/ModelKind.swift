/// A per-symbol model family's name: trained by `train`, stored under `RunFiles`, ensembled by the
/// trader. The kinds are those `ModelRegistry` lists (each family declares its constant, such as
/// `ModelKind.gru`, in its own folder), in the registry's order.
public struct ModelKind: RawRepresentable, Sendable, Hashable, Codable, CaseIterable, Comparable,
    CustomStringConvertible
{
    /// `gru`, `lightgbm`, `ppo`.
    public let rawValue: String

    /// The registered kind named `rawValue`, or `nil`.
    public init?(rawValue: String) {
        guard let kind = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = kind
    }

    /// A family's own constant (not checked against the registry, which is built from them).
    init(registering name: String) { rawValue = name }

    /// Every registered kind, in registry order.
    public static let allCases: [ModelKind] = ModelRegistry.families.map(\.kind)

    /// The family that implements the kind.
    public var family: any ModelFamily { ModelRegistry.family(self) }

    /// The model file extension.
    public var fileExtension: String { family.fileExtension }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let kind = ModelKind(rawValue: name) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "Cannot initialize ModelKind from invalid String value \(name)"))
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: ModelKind, rhs: ModelKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
