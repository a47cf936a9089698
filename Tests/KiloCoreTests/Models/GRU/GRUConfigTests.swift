import Foundation
import Testing

@testable import KiloCore

@Suite struct GRUConfigTests {
    @Test func missingKeysKeepDefaults() throws {
        let config = try JSONDecoder().decode(GRUConfig.self, from: Data("{\"hidden_size\": 32, \"lr_plateau_factor\": 0.25}".utf8))
        var expected = GRUConfig()
        expected.hiddenSize = 32
        expected.lrPlateauFactor = 0.25
        #expect(config == expected)
        #expect(try JSONDecoder().decode(GRUConfig.self, from: Data("{}".utf8)) == GRUConfig())
    }

    @Test func encodesWithYAMLKeyNames() throws {
        let json = String(decoding: try JSONEncoder().encode(GRUConfig()), as: UTF8.self)
        for key in GRUConfig.keys.map(\.name) { #expect(json.contains("\"\(key)\"")) }
        #expect(try JSONDecoder().decode(GRUConfig.self, from: Data(json.utf8)) == GRUConfig())
    }

    @Test func validationNamesTheKey() throws {
        try GRUConfig().validate(prefix: "models.gru")
        var config = GRUConfig()
        config.hiddenSize = 1
        #expect(throws: ConfigError.invalidValue(key: "models.gru.hidden_size", value: "1", reason: "must be in 2...4096")) {
            try config.validate(prefix: "models.gru")
        }
        config = GRUConfig()
        config.lrPlateauFactor = 1
        #expect(throws: ConfigError.self) { try config.validate(prefix: "models.gru") }
        config = GRUConfig()
        config.dropout = -0.1
        #expect(throws: ConfigError.self) { try config.validate(prefix: "models.gru") }
    }
}
