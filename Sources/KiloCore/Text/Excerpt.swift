/// The one way errors quote input they did not write: at most `limit` characters, control and
/// format characters escaped, so a 10 MB CSV cell or a 100k-character shell word prints as one
/// short, readable line.
public enum Excerpt {
    /// Characters of input an error message quotes at most.
    public static let limit = 80
    /// Characters of a file path an error message quotes at most (real paths run longer than
    /// cells and words; a hostile one is still cut).
    public static let pathLimit = 160

    /// A file path as errors quote it: `of(path, limit: pathLimit)`.
    public static func path<S: StringProtocol>(_ path: S) -> String { of(path, limit: pathLimit) }

    /// A path as `path(_:)` gives it, then `:LINE` when a line is known (`config.yaml:12`).
    public static func path<S: StringProtocol>(_ path: S, line: Int?) -> String {
        Self.path(path) + (line.map { ":\($0)" } ?? "")
    }

    /// `text` with control characters escaped (`\n`, `\t`, `\r`, `\u{1B}` …) and, when longer
    /// than `limit` characters, cut there and marked `… (N characters)`.
    /// - Complexity: O(`limit`) for the quoted part; O(|text|) to count a cut text's length.
    public static func of<S: StringProtocol>(_ text: S, limit: Int = Excerpt.limit) -> String {
        var out = ""
        var taken = 0
        var index = text.startIndex
        while index < text.endIndex, taken < limit {
            let character = text[index]
            out += escaped(character)
            taken += 1
            index = text.index(after: index)
        }
        guard index < text.endIndex else { return out }
        let total = taken + text[index...].count
        return out + "… (\(total) characters)"
    }

    /// Any description made safe to print on one line: `of(String(describing: value))`.
    public static func of(describing value: Any, limit: Int = Excerpt.limit) -> String {
        of(String(describing: value), limit: limit)
    }

    private static func escaped(_ character: Character) -> String {
        guard character.unicodeScalars.contains(where: isUnprintable) else { return String(character) }
        return escapes.apply(String(character))
    }

    /// `\n`, `\r`, `\t` and every other unprintable scalar as `\u{HEX}`.
    private static let escapes = ScalarEscapes(table: ScalarEscapes.lineControls) { scalar in
        isUnprintable(scalar) ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : nil
    }

    /// Control characters (C0, DEL, C1), line/paragraph separators and bidirectional overrides.
    private static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        case .format: return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        default: return false
        }
    }
}
