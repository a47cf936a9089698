import Foundation
import KiloTestSupport

@testable import KiloCore

/// The committed LightGBM fixtures (made by bench/gbdt/make_fixtures.py).
enum GBDTFixtures {
    static let featureNames = ["ret_1", "ret_4", "vol_z", "rsi_c", "spread"]
    static let trainRows = 1000

    static func path(_ name: String) -> String { RepoPaths.path("Tests/Fixtures/gbdt/\(name)") }

    static func table() throws -> ScoreTable {
        try ScoreTable.read(path: path("data.csv"), columns: featureNames + ["label", "label_binary"])
    }

    /// Feature rows (all, or the first `trainRows`) and the label column at `labelColumn`.
    static func data(train: Bool, labelColumn: Int = 5) throws -> (DenseMatrix, [Double]) {
        let t = try table()
        let rows = train ? trainRows : t.features.rowCount
        var x: [Double] = []
        var y: [Double] = []
        for r in 0..<rows {
            let full = t.features.row(r)
            x.append(contentsOf: full[0..<5])
            y.append(full[labelColumn])
        }
        return (DenseMatrix(rowCount: rows, columnCount: 5, values: x), y)
    }

    static func predictions(_ model: String) throws -> [Double] {
        let text = try String(contentsOfFile: path("\(model)_predictions.txt"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { Double($0) }
    }

    /// A synthetic regression problem: y = f(x) + noise, with NaNs in the first column.
    static func synthetic(rows: Int, seed: UInt64, noise: Double = 0.3) -> (DenseMatrix, [Double]) {
        var rng = SplitMix64(seed: seed)
        var x: [Double] = []
        var y: [Double] = []
        for _ in 0..<rows {
            var row = (0..<6).map { _ in rng.nextGaussian() }
            if rng.nextUnit() < 0.1 { row[0] = .nan }
            let a = row[0].isNaN ? 1.0 : row[0]
            y.append(2 * a + sin(2 * row[1]) + (row[2] > 0.3 ? 1.5 : -0.5) + row[3] * row[4] + noise * rng.nextGaussian())
            x.append(contentsOf: row)
        }
        return (DenseMatrix(rowCount: rows, columnCount: 6, values: x), y)
    }
}
