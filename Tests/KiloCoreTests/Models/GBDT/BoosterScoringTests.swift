import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct BoosterScoringTests {
    @Test func scoreWritesFullPrecisionPredictions() throws {
        let booster = try Booster.load(contentsOfFile: RepoPaths.path("Tests/Fixtures/gbdt/binary.txt"))
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-score-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let n = try booster.score(inputPath: RepoPaths.path("Tests/Fixtures/gbdt/data.csv"), outputPath: out)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == n + 1 && lines[0] == "timestamp,prediction")
        let expected = try String(
            contentsOfFile: RepoPaths.path("Tests/Fixtures/gbdt/binary_predictions.txt"), encoding: .utf8
        ).split(separator: "\n").compactMap { Double($0) }
        let got = lines.dropFirst().map { Double($0.split(separator: ",")[1])! }
        #expect(got.count == expected.count)
        #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= 1e-12 })
        #expect(lines[1].hasPrefix("2024-01-01T00:00:00Z,"))
    }

    @Test func scoreNamesTheMissingFeature() throws {
        let booster = try Booster.load(contentsOfFile: RepoPaths.path("Tests/Fixtures/gbdt/regression.txt"))
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-in-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: input) }
        try "timestamp,ret_1,ret_4,vol_z,rsi_c\n1,0,0,0,0\n".write(toFile: input, atomically: true, encoding: .utf8)
        #expect(throws: ModelError.missingColumn(path: input, column: "spread")) {
            try booster.score(inputPath: input, outputPath: input + ".out")
        }
    }
}
