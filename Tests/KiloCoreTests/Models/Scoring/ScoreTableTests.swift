import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct ScoreTableTests {
    static let csv = """
        time,close,b,a,unused
        2024-01-01T00:00:00Z,10,1.5,-2,x
        2024-01-01T00:30:00Z,11,,3e-5,y
        2024-01-01T01:00:00Z,12,nan,0.1,z

        """

    @Test func readsNamedColumnsInRequestedOrder() throws {
        let t = try ScoreTable.parse(text: Self.csv, path: "in.csv", columns: ["a", "b"])
        #expect(t.timestamps == ["2024-01-01T00:00:00Z", "2024-01-01T00:30:00Z", "2024-01-01T01:00:00Z"])
        #expect(t.columnNames == ["a", "b"])
        #expect(t.features.rowCount == 3 && t.features.columnCount == 2)
        #expect(t.features[0, 0] == -2 && t.features[0, 1] == 1.5)
        #expect(t.features[1, 0] == 3e-5 && t.features[1, 1].isNaN)
        #expect(t.features[2, 1].isNaN)
    }

    @Test func missingColumnIsNamed() {
        #expect(throws: ModelError.missingColumn(path: "in.csv", column: "volume")) {
            _ = try ScoreTable.parse(text: Self.csv, path: "in.csv", columns: ["a", "volume"])
        }
        #expect("\(ModelError.missingColumn(path: "in.csv", column: "volume"))" == "input 'in.csv' has no column 'volume'")
    }

    @Test func badCellAndRaggedRowNameTheLine() {
        let bad = "t,a\n1,2\n2,abc\n"
        #expect(throws: ModelError.invalidValue(path: "p", line: 3, column: "a", value: "abc")) {
            _ = try ScoreTable.parse(text: bad, path: "p", columns: ["a"])
        }
        #expect(throws: ModelError.self) {
            _ = try ScoreTable.parse(text: "t,a\n1,2,3\n", path: "p", columns: ["a"])
        }
        #expect(throws: ModelError.self) {
            _ = try ScoreTable.read(path: "/nonexistent/in.csv", columns: ["a"])
        }
    }

    @Test func predictionsRoundTripExactly() throws {
        let values = [0.1, -1.0 / 3.0, 1e-300, 123456789.123456789, .pi, .leastNonzeroMagnitude]
        let text = ScoreTable.formatPredictions(timestamps: values.indices.map { "t\($0)" }, predictions: values)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "timestamp,prediction")
        let back = lines.dropFirst().map { Double($0.split(separator: ",")[1])! }
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-score-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ScoreTable.writePredictions(path: path, timestamps: ["a", "b"], predictions: [1.5, 2])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "timestamp,prediction\na,1.5\nb,2.0\n")
    }

    /// The `score` command's path: model file, input columns by the model's names, predictions.
    @Test func scoresFixtureLikeLightGBM() throws {
        let booster = try Booster.load(contentsOfFile: RepoPaths.path("Tests/Fixtures/gbdt/regression.txt"))
        let table = try ScoreTable.read(
            path: RepoPaths.path("Tests/Fixtures/gbdt/data.csv"), columns: booster.featureNames)
        let predictions = booster.predict(table.features)
        let expected = try String(
            contentsOfFile: RepoPaths.path("Tests/Fixtures/gbdt/regression_predictions.txt"), encoding: .utf8
        ).split(separator: "\n").compactMap { Double($0) }
        #expect(predictions.count == expected.count)
        #expect(zip(predictions, expected).allSatisfy { abs($0 - $1) <= 1e-12 })
        #expect(table.timestamps.first == "2024-01-01T00:00:00Z")
    }
}

