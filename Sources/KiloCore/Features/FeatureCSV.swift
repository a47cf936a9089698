import Foundation

/// CSV output of a feature matrix for `export features SYMBOL PATH [--scaled]`: a header
/// `timestamp,<feature names...>`, then one line per bar; timestamps in epoch ms, values in the
/// shortest text that reads back to the same `Double`, NaN as `NaN`, infinities as `inf`/`-inf`.
public enum FeatureCSV {
    /// The text of one value.
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return x.description
    }

    /// The whole CSV as text.
    /// - Complexity: O(rows · columns).
    public static func text(of matrix: FeatureMatrix) -> String {
        var out = "timestamp," + matrix.names.joined(separator: ",") + "\n"
        let width = matrix.columnCount
        out.reserveCapacity(matrix.rowCount * width * 12)
        for r in 0..<matrix.rowCount {
            out += String(matrix.timestamps[r])
            for c in 0..<width {
                out += ","
                out += format(matrix.values[r * width + c])
            }
            out += "\n"
        }
        return out
    }

    /// Writes the CSV to `path` (replacing it).
    public static func write(_ matrix: FeatureMatrix, to path: String) throws(FeatureError) {
        do {
            try Data(text(of: matrix).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .file(FileFailure(.write, path: path, error: error))
        }
    }
}
