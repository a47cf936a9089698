/// Text with some Unicode scalars replaced by escapes: the one loop behind JSON string literals
/// (``OrderedJSON/quoted(_:)``) and one-line excerpts (``Excerpt``), each giving its own table.
struct ScalarEscapes: Sendable {
    /// The escape of each scalar replaced by name.
    let table: [Unicode.Scalar: String]
    /// The escape of a scalar not in `table`, or `nil` to keep it as it is.
    let other: @Sendable (Unicode.Scalar) -> String?

    /// `\n`, `\r` and `\t` as backslash escapes, as JSON and Swift literals both spell them.
    static let lineControls: [Unicode.Scalar: String] = ["\n": "\\n", "\r": "\\r", "\t": "\\t"]

    /// - Complexity: O(length of `text`).
    func apply(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if let escape = table[scalar] ?? other(scalar) {
                out += escape
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
