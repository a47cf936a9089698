import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// Training is leak-free: nothing fit for a model reads validation or test rows.
@Suite struct EngineTrainingTests {
    /// The embedded BTCEUR file's first `rows` bars, with every price from bar `poisonFrom` on
    /// multiplied by `factor` (only closes/highs/lows/opens after the training split change).
    private func writeSeries(rows: Int, poisonFrom: Int?, factor: Double) throws -> String {
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
        let path = NSTemporaryDirectory() + "kilo-poison-\(UUID().uuidString)/BTCEUR_30m.csv"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try out.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func engine(models: String) throws -> Engine {
        var loaded = try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml"))
        loaded.config.paths.models = models
        return Engine(config: loaded)
    }

    @Test func poisonedValidationAndTestRowsChangeNothingFitOnTrain() throws {
        let clean = try engine(models: NSTemporaryDirectory() + "kilo-poison-models-\(UUID().uuidString)")
        try clean.load(try writeSeries(rows: 800, poisonFrom: nil, factor: 1))
        let split = try #require(try clean.features(for: "BTCEUR").split)
        // Poison every bar from the first validation row on (features are causal, so the training
        // rows' features and targets are untouched; the embargo separates their targets).
        let poisoned = try engine(models: NSTemporaryDirectory() + "kilo-poison-models-\(UUID().uuidString)")
        try poisoned.load(try writeSeries(rows: 800, poisonFrom: split.validation.lowerBound, factor: 3.7))
        let a = try clean.features(for: "BTCEUR")
        let b = try poisoned.features(for: "BTCEUR")
        #expect(a.split == b.split)
        #expect(a.preprocessor == b.preprocessor, "the preprocessor saw validation or test rows")
        for row in a.split?.train ?? 0..<0 {
            #expect(a.matrix.target[row].bitPattern == b.matrix.target[row].bitPattern)
        }
        #expect(a.matrix.values[0..<(split.train.upperBound * a.matrix.columnCount)].elementsEqual(
            b.matrix.values[0..<(split.train.upperBound * b.matrix.columnCount)], by: { $0.bitPattern == $1.bitPattern }))
        // The GRU's target standardisation is fit on training windows only.
        let gruA = try clean.train(.gru, symbol: "BTCEUR", seed: 5)
        let gruB = try poisoned.train(.gru, symbol: "BTCEUR", seed: 5)
        let modelA = try GRUModel.load(from: gruA.files[0])
        let modelB = try GRUModel.load(from: gruB.files[0])
        #expect(modelA.targetMean == modelB.targetMean && modelA.targetStd == modelB.targetStd)
        #expect(gruA.rows == gruB.rows)
    }
}
