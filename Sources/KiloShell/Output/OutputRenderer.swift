import Foundation

/// Turns a `CommandOutput` into text in the chosen `OutputFormat`.
public enum OutputRenderer {
    /// The text to print (ends with a newline unless empty).
    public static func render(_ output: CommandOutput, as format: OutputFormat) -> String {
        switch format {
        case .json:
            return output.json.serialized() + "\n"
        case .csv:
            var lines: [String] = []
            for block in output.blocks {
                switch block {
                case .text(let text):
                    lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }
                case .fields(let pairs):
                    lines.append("key,value")
                    lines += pairs.map { "\(csvCell($0.0)),\(csvCell($0.1))" }
                case .table(let table):
                    lines.append(table.columns.map(csvCell).joined(separator: ","))
                    lines += table.rows.map { $0.map { csvCell(cellText($0)) }.joined(separator: ",") }
                }
            }
            return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        case .table:
            var pieces: [String] = []
            for block in output.blocks {
                switch block {
                case .text(let text): pieces.append(text)
                case .fields(let pairs): pieces.append(renderFields(pairs))
                case .table(let table): pieces.append(renderTable(table))
                }
            }
            return pieces.isEmpty ? "" : pieces.joined(separator: "\n") + "\n"
        }
    }

    /// `key: value` lines with the values aligned.
    public static func renderFields(_ pairs: [(String, String)]) -> String {
        let width = pairs.map { $0.0.count }.max() ?? 0
        return pairs.map { pad($0.0 + ":", width + 1) + " " + $0.1 }.joined(separator: "\n")
    }

    /// An aligned table: text left-aligned, numbers right-aligned, a rule under the header.
    public static func renderTable(_ table: OutputTable) -> String {
        let cells = table.rows.map { $0.map(cellText) }
        var widths = table.columns.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        let numeric = table.columns.indices.map { column in
            table.rows.allSatisfy { row in
                guard column < row.count else { return true }
                switch row[column] {
                case .int, .number, .null: return true
                default: return false
                }
            } && !table.rows.isEmpty
        }
        func line(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                numeric[index] ? padLeft(cell, widths[index]) : pad(cell, widths[index])
            }.joined(separator: "  ").trailingSpacesRemoved
        }
        var lines: [String] = []
        if let title = table.title { lines.append(title) }
        lines.append(line(table.columns))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines += cells.map(line)
        if table.rows.isEmpty { lines.append("(none)") }
        return lines.joined(separator: "\n")
    }

    /// A cell as text: integers plainly, reals with up to 6 significant decimals, null as `-`.
    public static func cellText(_ value: JSONValue) -> String {
        switch value {
        case .null: return "-"
        case .bool(let flag): return flag ? "yes" : "no"
        case .int(let number): return String(number)
        case .number(let number): return formatNumber(number)
        case .string(let text): return text
        case .array, .object: return value.serialized()
        }
    }

    /// A human rendering of a real number (shortest form with at most 6 significant digits).
    public static func formatNumber(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let shortest = "\(value)"
        if shortest.count <= 12, !shortest.contains("e") { return shortest }
        return String(format: "%.6g", value)
    }

    static func csvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }

}
