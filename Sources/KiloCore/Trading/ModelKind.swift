/// The model families the trader ensembles.
public enum ModelKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case gru, lightgbm, ppo

    public static func < (lhs: ModelKind, rhs: ModelKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
