/// The per-symbol model families: trained by `train`, stored by `ModelStore`, ensembled by the
/// trader.
public enum ModelKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case gru, lightgbm, ppo

    /// The model file extension.
    public var fileExtension: String {
        switch self {
        case .gru, .ppo: "safetensors"
        case .lightgbm: "txt"
        }
    }

    public static func < (lhs: ModelKind, rhs: ModelKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
