/// A table of values: rendered aligned for people, as CSV, or as JSON objects.
public struct OutputTable: Sendable, Equatable {
    /// An optional heading printed above the table.
    public var title: String?
    /// Column names.
    public var columns: [String]
    /// Rows of cells, one per column.
    public var rows: [[JSONValue]]

    /// The rows as JSON objects keyed by column name.
    public var jsonRows: JSONValue {
        .array(rows.map { row in .object(Array(zip(columns, row))) })
    }
}

/// What a command returns: blocks for people, and one JSON value for machines.
public struct CommandOutput: Sendable, Equatable {
    /// One piece of human output.
    public enum Block: Sendable, Equatable {
        /// Free text (may span lines).
        case text(String)
        /// A table.
        case table(OutputTable)
        /// Aligned `key: value` lines.
        case fields([(String, String)])

        public static func == (lhs: Block, rhs: Block) -> Bool {
            switch (lhs, rhs) {
            case (.text(let a), .text(let b)): a == b
            case (.table(let a), .table(let b)): a == b
            case (.fields(let a), .fields(let b)): a.map { "\($0.0)=\($0.1)" } == b.map { "\($0.0)=\($0.1)" }
            default: false
            }
        }
    }

    /// Human-readable blocks in order.
    public var blocks: [Block]
    /// The machine-readable value printed by `--format json`.
    public var json: JSONValue

    /// Nothing to show (`{"ok":true}` in JSON).
    public static let empty = CommandOutput(blocks: [], json: .object(["ok": .bool(true)]))

    /// A single message.
    public static func message(_ text: String) -> CommandOutput {
        CommandOutput(blocks: [.text(text)], json: .object(["message": .string(text)]))
    }

    /// A single table, whose JSON is the array of row objects.
    public static func table(_ table: OutputTable) -> CommandOutput {
        CommandOutput(blocks: [.table(table)], json: table.jsonRows)
    }
}
