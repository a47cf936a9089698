import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct EngineScoringTests {
    private func temporary(_ name: String) -> String {
        NSTemporaryDirectory() + "kilo-score-\(UUID().uuidString)-\(name)"
    }

    @Test func gruScoresColumnsByNameInAnyOrder() throws {
        let model = try GRUModel.load(from: RepoPaths.path("Tests/Fixtures/gru/torch_model.safetensors"))
        let input = RepoPaths.path("Tests/Fixtures/shell/gru_input.csv")
        let output = temporary("gru.csv")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let summary = try Engine().score(model: RepoPaths.path("Tests/Fixtures/gru/torch_model.safetensors"), input: input, output: output)
        #expect(summary == ScoreSummary(kind: "gru", inputRows: 10, predictions: 4, features: 5))
        // The same windows, columns picked by hand in the model's order f0...f4.
        let lines = try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",") }
        let header = lines[0].map(String.init)
        let order = model.featureNames.map { name in header.firstIndex(of: name) ?? -1 }
        let values = lines.dropFirst().flatMap { row in order.map { Float(String(row[$0])) ?? .nan } }
        let expected = try model.rawPredictions(features: values, columnCount: 5)
        let written = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(written.count == 4)
        for (line, value) in zip(written, expected) {
            let parts = line.split(separator: ",")
            #expect(Double(String(parts[1])) == Double(value))
        }
        #expect(written.first?.hasPrefix("2025-01-01T06:00:00Z,") == true, "a window ends at its 7th row")
    }

    @Test func lightgbmScoresEqualLightGBMsOwnPredictions() throws {
        let output = temporary("lgbm.csv")
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = try Engine().score(
            model: RepoPaths.path("Tests/Fixtures/gbdt/regression.txt"), input: RepoPaths.path("Tests/Fixtures/gbdt/data.csv"),
            output: output)
        let ours = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { Double(String($0.split(separator: ",")[1])) ?? .nan }
        let theirs = try String(contentsOfFile: RepoPaths.path("Tests/Fixtures/gbdt/regression_predictions.txt"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).compactMap { Double(String($0)) }
        #expect(ours.count == theirs.count)
        for (a, b) in zip(ours, theirs) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
    }

    @Test func missingColumnIsNamed() {
        #expect(throws: ModelError.missingColumn(path: RepoPaths.path("Tests/Fixtures/shell/missing_column.csv"), column: "f2")) {
            try Engine().score(
                model: RepoPaths.path("Tests/Fixtures/gru/torch_model.safetensors"),
                input: RepoPaths.path("Tests/Fixtures/shell/missing_column.csv"), output: temporary("x.csv"))
        }
    }
}
