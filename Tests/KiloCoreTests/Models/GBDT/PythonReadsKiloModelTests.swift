import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// Python's `lightgbm.Booster` reads the model files Kilo writes and predicts what Kilo predicts.
///
/// `Tests/Fixtures/gbdt/kilo_written.txt` is the model Kilo's trainer writes from the fixture data
/// (set KILO_UPDATE_FIXTURES=1 to rewrite it after an intended change), and
/// `kilo_written_python_predictions.txt` is what LightGBM 4 predicted from that file
/// (`bench/gbdt/python_reads_kilo.py`, run with the bench venv).
@Suite struct PythonReadsKiloModelTests {
    static let modelPath = GBDTFixtures.path("kilo_written.txt")

    static func train() throws -> Booster {
        let (x, y) = try GBDTFixtures.data(train: true)
        var config = GBDTTrainerTests.smallConfig()
        config.numIterations = 30
        return try GBDTTrainer.train(features: x, labels: y, featureNames: GBDTFixtures.featureNames, config: config)
            .booster
    }

    @Test func theFixtureIsWhatKiloWritesToday() throws {
        let text = try Self.train().textModel()
        if ProcessInfo.processInfo.environment["KILO_UPDATE_FIXTURES"] == "1" {
            try text.write(toFile: Self.modelPath, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOfFile: Self.modelPath, encoding: .utf8) == text)
    }

    @Test func kiloPredictsWhatPythonLightGBMPredictsFromKilosFile() throws {
        let booster = try Booster.parse(
            text: try String(contentsOfFile: Self.modelPath, encoding: .utf8), path: Self.modelPath)
        let (x, _) = try GBDTFixtures.data(train: false)
        let python = try GBDTFixtures.predictions("kilo_written_python")
        let kilo = booster.predict(x)
        #expect(python.count == x.rowCount && kilo.count == python.count)
        // Both sum the same leaf values in tree order in double precision: the same bits.
        let differing = zip(kilo, python).enumerated().filter { $0.element.0.bitPattern != $0.element.1.bitPattern }
        #expect(differing.isEmpty, "\(differing.count) rows differ, first \(differing.prefix(3).map { "row \($0.offset): kilo \($0.element.0), python \($0.element.1)" })")
    }
}
