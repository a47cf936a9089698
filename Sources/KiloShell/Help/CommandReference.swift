/// The README's command reference, generated from the command table (a test keeps the README
/// in sync; `help --markdown` prints it).
public enum CommandReference {
    /// Markdown: one section per group, a table of usage and description.
    public static func markdown() -> String {
        var lines: [String] = []
        for group in CommandGroup.allCases {
            let specs = CommandTable.listed.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            lines.append("**\(group.rawValue)**")
            lines.append("")
            lines.append("| command | what it does |")
            lines.append("|---|---|")
            for spec in specs {
                let aliases = spec.aliases.isEmpty ? "" : " (also `\(spec.aliases.joined(separator: "`, `"))`)"
                let usage = spec.usage.replacingOccurrences(of: "|", with: "\\|")
                lines.append("| `\(usage)` | \(spec.abstract)\(aliases) |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
