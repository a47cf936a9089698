/// The configuration reference generated from the key tables: the README's table and the dotted
/// path of every key.
public enum ConfigReference {
    /// The Markdown table of every value key under `keys` (sections are walked, not listed):
    /// key, default, rules and meaning, in table order.
    /// - Complexity: O(keys).
    public static func markdown(_ keys: [ConfigKeyReference]) -> String {
        var lines = ["| key | default | rules | meaning |", "|---|---|---|---|"]
        for (path, key) in leaves(keys) {
            let aliases = key.aliases.isEmpty ? "" : " (alias " + key.aliases.map { "`\($0)`" }.joined(separator: ", ") + ")"
            let cells = [
                "`\(path)`", key.defaultText.isEmpty ? "" : "`\(key.defaultText)`",
                key.rules.joined(separator: "; "), key.doc + aliases,
            ]
            lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every value key under `keys` with its dotted path, in table order.
    public static func leaves(_ keys: [ConfigKeyReference], prefix: String = "") -> [(path: String, key: ConfigKeyReference)] {
        keys.flatMap { key -> [(path: String, key: ConfigKeyReference)] in
            let path = ConfigKeyPath.join(prefix, key.name)
            if let children = key.children { return leaves(children, prefix: path) }
            return [(path, key)]
        }
    }

    /// "one of a, b, c" for an enumeration the key's values are read as (decoding refuses any
    /// other value), nothing for other types.
    static func choices(of type: Any.Type) -> [String] {
        guard let cases = type as? any CaseIterable.Type else { return [] }
        return ["one of " + cases.allCases.map { render($0) }.joined(separator: ", ")]
    }

    /// A default as the table shows it: numbers without a needless `.0`, enums by raw value,
    /// lists in brackets, mappings in braces sorted by key.
    static func render(_ value: Any) -> String {
        switch value {
        case let flag as Bool: return String(flag)
        case let number as Double:
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : "\(number)"
        case let text as String: return text
        case let raw as any RawRepresentable: return render(raw.rawValue)
        case let list as [Any]: return "[" + list.map(render).joined(separator: ", ") + "]"
        case let mapping as [String: Any]:
            return "{" + mapping.sorted { $0.key < $1.key }.map { "\($0.key): \(render($0.value))" }
                .joined(separator: ", ") + "}"
        default: return "\(value)"
        }
    }
}
