import Foundation
import Testing

@testable import KiloCore

/// Values set by key name go through the section's key table.
@Suite struct ConfigSectionOverlayTests {
    @Test func setsNamedKeysAndKeepsTheRest() throws {
        var base = GRUConfig()
        base.epochs = 7
        let tuned = try base.applying([
            "hidden_size": .int(48), "dropout": .float(0.125), "learning_rate": .float(3.5e-5), "batch_size": .int(32),
        ])
        #expect(tuned.hiddenSize == 48 && tuned.batchSize == 32)
        #expect(tuned.dropout == 0.125 && tuned.learningRate == 3.5e-5)
        #expect(tuned.epochs == 7 && tuned.numLayers == base.numLayers)
    }

    @Test func realsRoundTripExactly() throws {
        let values = [0.1, 1.0 / 3.0, 2.2250738585072014e-308, 0.0009999999999999998, 123456.789]
        for value in values {
            let tuned = try LightGBMConfig().applying(["learning_rate": .float(value)])
            #expect(tuned.learningRate.bitPattern == value.bitPattern, "\(value)")
        }
    }

    @Test func aWholeNumberFillsARealKey() throws {
        #expect(try GRUConfig().applying(["dropout": .int(0)]).dropout == 0)
    }

    @Test func wrongTypesNameTheKey() {
        #expect(throws: ConfigError.wrongType(key: "models.gru.num_layers", expected: "a whole number")) {
            try GRUConfig().applying(["num_layers": .float(1.5)], prefix: "models.gru")
        }
        #expect(throws: ConfigError.self) { try GRUConfig().applying(["hidden_size": .string("wide")]) }
    }

    @Test func stringsAreEscaped() throws {
        #expect(try LightGBMConfig().applying(["objective": .string("huber")]).objective == "huber")
        #expect(try LightGBMConfig().applying(["objective": .string("a\"b\\c")]).objective == "a\"b\\c")
    }
}
