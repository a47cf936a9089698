import Foundation

/// Copies of the embedded BTCEUR candles for look-ahead tests: a later part's prices change, and
/// nothing fit on the earlier part may change with them.
public enum PoisonedSeries {
    /// Writes the embedded BTCEUR file's first `rows` bars to a new temporary folder, with every
    /// price (open, high, low, close) from bar `poisonFrom` on multiplied by `factor`.
    /// - Returns: The path of the written `BTCEUR_30m.csv`.
    public static func write(rows: Int, poisonFrom: Int? = nil, factor: Double = 1) throws -> String {
        let lines = try String(contentsOfFile: RepoPaths.path("data/BTCEUR_30m.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init)
        var out = [lines[0]]
        for (index, line) in lines.dropFirst().prefix(rows).enumerated() {
            guard let poisonFrom, index >= poisonFrom else {
                out.append(line)
                continue
            }
            var cells = line.split(separator: ",").map(String.init)
            for column in 1...4 { cells[column] = String((Double(cells[column]) ?? 0) * factor) }
            out.append(cells.joined(separator: ","))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-series-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("BTCEUR_30m.csv").path
        try out.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
