import Foundation

/// An input table for scoring: the named feature columns of a CSV file, plus its first column
/// copied verbatim as the row's timestamp. Model-agnostic: any model that names its input
/// columns can be scored through it.
public struct ScoreTable: Sendable, Equatable {
    /// The first column of every data row, verbatim.
    public let timestamps: [String]
    /// The requested column names, in the order asked for (the order of `features`' columns).
    public let columnNames: [String]
    /// The requested columns, row-major; empty cells and `nan` are `NaN`.
    public let features: DenseMatrix

    /// Creates a table from its parts.
    /// - Precondition: one timestamp per row and one name per column.
    public init(timestamps: [String], columnNames: [String], features: DenseMatrix) {
        precondition(
            timestamps.count == features.rowCount && columnNames.count == features.columnCount,
            "ScoreTable.init: shape mismatch")
        self.timestamps = timestamps
        self.columnNames = columnNames
        self.features = features
    }

    /// Reads the columns named `columns` from the CSV file at `path` (first line is the header).
    /// Other columns are ignored; the first column is kept as `timestamps`.
    /// - Throws: `ModelError.missingColumn` naming the first absent column, `.io`,
    ///   `.malformedTable` for a row of the wrong width, `.invalidValue` for a non-number.
    /// - Complexity: O(file size).
    public static func read(path: String, columns: [String]) throws(ModelError) -> ScoreTable {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .io(path: path, reason: IOReason.describe(error, path: path))
        }
        return try parse(text: text, path: path, columns: columns)
    }

    /// Parses CSV `text` as `read(path:columns:)` does; `path` only names the source in errors.
    public static func parse(text: String, path: String, columns: [String]) throws(ModelError) -> ScoreTable {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let headerLine = lines.first else {
            throw .malformedTable(path: path, line: 1, reason: "the file is empty")
        }
        let header = splitFields(headerLine)
        var indexOf: [String: Int] = [:]
        for (i, name) in header.enumerated() where indexOf[name] == nil { indexOf[name] = i }
        var picks: [Int] = []
        for name in columns {
            guard let i = indexOf[name] else { throw .missingColumn(path: path, column: name) }
            picks.append(i)
        }
        var timestamps: [String] = []
        var values: [Double] = []
        timestamps.reserveCapacity(lines.count)
        values.reserveCapacity(lines.count * columns.count)
        for lineIndex in 1..<max(1, lines.count) {
            let line = lines[lineIndex]
            if line.allSatisfy({ $0 == "\r" || $0 == " " }) { continue }
            let fields = splitFields(line)
            guard fields.count == header.count else {
                throw .malformedTable(
                    path: path, line: lineIndex + 1,
                    reason: "\(fields.count) fields where the header has \(header.count)")
            }
            timestamps.append(fields[0])
            for (k, i) in picks.enumerated() {
                let cell = fields[i]
                if let v = parseNumber(cell) {
                    values.append(v)
                } else {
                    throw .invalidValue(path: path, line: lineIndex + 1, column: columns[k], value: cell)
                }
            }
        }
        let matrix = DenseMatrix(rowCount: timestamps.count, columnCount: columns.count, values: values)
        return ScoreTable(timestamps: timestamps, columnNames: columns, features: matrix)
    }

    /// Writes `timestamp,prediction` rows to `path`, each prediction in the shortest form that
    /// reads back to the same `Double`.
    /// - Precondition: `timestamps.count == predictions.count`.
    /// - Throws: `ModelError.io` when the file cannot be written.
    public static func writePredictions(
        path: String, timestamps: [String], predictions: [Double]
    ) throws(ModelError) {
        let text = formatPredictions(timestamps: timestamps, predictions: predictions)
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw .io(path: path, reason: IOReason.describe(error, path: path))
        }
    }

    /// The CSV text `writePredictions` writes.
    public static func formatPredictions(timestamps: [String], predictions: [Double]) -> String {
        precondition(
            timestamps.count == predictions.count,
            "ScoreTable.formatPredictions: \(timestamps.count) timestamps for \(predictions.count) predictions")
        var out = "timestamp,prediction\n"
        out.reserveCapacity(32 * predictions.count + 32)
        for (t, p) in zip(timestamps, predictions) {
            out += t
            out += ","
            out += p.isNaN ? "nan" : "\(p)"
            out += "\n"
        }
        return out
    }

    private static func splitFields(_ line: Substring) -> [String] {
        var trimmed = line
        if trimmed.last == "\r" { trimmed = trimmed.dropLast() }
        return trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
            var s = $0
            while s.first == " " { s = s.dropFirst() }
            while s.last == " " { s = s.dropLast() }
            if s.count >= 2, s.first == "\"", s.last == "\"" { s = s.dropFirst().dropLast() }
            return String(s)
        }
    }

    private static func parseNumber(_ cell: String) -> Double? {
        if cell.isEmpty { return .nan }
        switch cell.lowercased() {
        case "nan", "na", "null", "none": return .nan
        default: return Double(cell)
        }
    }
}
