import KiloCore
/// Renders `help` from the command table (sqlite-style: a list, one command, or a search).
public enum HelpRenderer {
    /// Help for the words after `help`.
    /// - Throws: `ShellError.noHelp` when nothing matches.
    public static func help(for words: [String]) throws(ShellError) -> CommandOutput {
        if words.isEmpty { return overview() }
        if let (spec, used) = CommandTable.lookup(words), used == words.count {
            return command(spec)
        }
        let query = words.joined(separator: " ").lowercased()
        let matches = CommandTable.listed.filter {
            ($0.name + " " + $0.aliases.joined(separator: " ") + " " + $0.abstract + " " + $0.discussion)
                .lowercased().contains(query)
        }
        guard !matches.isEmpty else {
            throw .noHelp(query, suggestion: Suggestions.closest(to: query, among: CommandTable.allNames))
        }
        let table = OutputTable(
            title: "Commands mentioning '\(query)':", columns: ["command", "description"],
            rows: matches.map { [.string($0.usage), .string($0.abstract)] })
        return .table(table)
    }

    /// Every command grouped by section, one line each.
    public static func overview() -> CommandOutput {
        var lines: [String] = []
        var json: [JSONValue] = []
        let width = CommandTable.listed.map(\.name.count).max() ?? 0
        for group in CommandGroup.allCases {
            let specs = CommandTable.listed.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            if !lines.isEmpty { lines.append("") }
            lines.append("\(group.rawValue):")
            for spec in specs {
                let padded = spec.name + String(repeating: " ", count: width - spec.name.count)
                lines.append("  \(padded)  \(spec.abstract)")
                json.append(
                    .object([
                        ("name", .string(spec.name)), ("group", .string(group.rawValue)),
                        ("usage", .string(spec.usage)), ("abstract", .string(spec.abstract)),
                    ]))
            }
        }
        lines.append("")
        lines.append("Type 'help COMMAND' for details. Separate commands with ';', comments start with '#'.")
        return CommandOutput(blocks: [.text(lines.joined(separator: "\n"))], json: .array(json))
    }

    /// One command's usage, description, arguments and examples.
    public static func command(_ spec: CommandSpec) -> CommandOutput {
        var lines = ["usage: \(spec.usage)", "", spec.abstract + "."]
        if !spec.aliases.isEmpty { lines.append("Also: \(spec.aliases.joined(separator: ", ")).") }
        if !spec.discussion.isEmpty {
            lines.append("")
            lines.append(spec.discussion)
        }
        if !spec.arguments.isEmpty {
            lines.append("")
            lines.append("Arguments:")
            let labels = spec.arguments.map(label)
            let width = labels.map(\.count).max() ?? 0
            for (argument, text) in zip(spec.arguments, labels) {
                var line = "  " + text + String(repeating: " ", count: width - text.count) + "  " + argument.help
                if let value = argument.defaultValue { line += " (default: \(value))" }
                lines.append(line)
            }
        }
        if !spec.examples.isEmpty {
            lines.append("")
            lines.append("Examples:")
            lines += spec.examples.map { "  \($0)" }
        }
        let json: JSONValue = .object([
            ("name", .string(spec.name)), ("usage", .string(spec.usage)), ("abstract", .string(spec.abstract)),
            ("aliases", .array(spec.aliases.map { .string($0) })),
            ("arguments", .array(spec.arguments.map { .object([("name", .string($0.name)), ("help", .string($0.help))]) })),
        ])
        return CommandOutput(blocks: [.text(lines.joined(separator: "\n"))], json: json)
    }

    private static func label(_ argument: ArgumentSpec) -> String {
        if argument.kind == .flag { return argument.name }
        if argument.isOption { return "\(argument.name) \(argument.placeholder)" }
        return argument.placeholder + (argument.isRepeating ? "..." : "")
    }
}
