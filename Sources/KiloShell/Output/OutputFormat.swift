/// How command output is printed.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned tables and text for people.
    case table
    /// Tables as CSV; text lines as `# ` comments.
    case csv
    /// Exactly one JSON value on one line per command.
    case json
}
