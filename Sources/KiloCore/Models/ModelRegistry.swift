/// The model kinds Kilo trains, reads and trades, in the order reports, the journal's ensemble
/// sum and completion list them. Adding a kind is one line here (and its folder).
public enum ModelRegistry {
    /// Every family, in `ModelKind` order.
    public static let families: [any ModelFamily] = [GRUFamily(), LightGBMFamily(), PPOFamily()]

    /// The family of `kind`.
    /// - Complexity: O(kinds).
    public static func family(_ kind: ModelKind) -> any ModelFamily {
        guard let family = families.first(where: { $0.kind == kind }) else {
            preconditionFailure("model kind '\(kind.rawValue)' is not registered")
        }
        return family
    }

    /// `train`'s aliases, mapped to their kind's name (`gbdt` → `lightgbm`).
    public static var aliases: [String: String] {
        Dictionary(uniqueKeysWithValues: families.flatMap { family in family.aliases.map { ($0, family.kind.rawValue) } })
    }

    /// `gru, lightgbm (gbdt, lgbm) or ppo`: the kinds with their aliases, for help texts.
    public static var namesWithAliases: String {
        let names = families.map { family in
            family.kind.rawValue + (family.aliases.isEmpty ? "" : " (\(family.aliases.joined(separator: ", ")))")
        }
        guard let last = names.last else { return "" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
    }
}
