import Foundation
import Testing
import Yams

@testable import KiloCore

/// A search space entry names a key of the model's section, with a non-empty range of its type.
@Suite struct TuneSpaceTests {
    private func parse(_ gru: String) throws -> LoadedConfig {
        try ConfigLoader.parse("tune:\n  spaces:\n    gru:\n" + gru, path: "t.yaml")
    }

    @Test func typesAndChoicesAreKeptInNameOrder() throws {
        let loaded = try parse("""
                  num_layers: {type: int, low: 1, high: 3}
                  learning_rate: {type: log-float, low: 1.0e-4, high: 1.0e-2}
                  batch_size: {type: categorical, choices: [16, 32]}
                  dropout: {type: float, low: 0, high: 0.3}
                  hidden_size: {type: log-int, low: 8, high: 64}

            """)
        let space = loaded.config.tune.spaces.gru.space
        // Sorted by name whatever the file's order (a JSON mapping has none).
        #expect(space.parameters.map(\.name) == ["batch_size", "dropout", "hidden_size", "learning_rate", "num_layers"])
        #expect(space.parameters[0].domain == .categorical([.int(16), .int(32)]))
        #expect(space.parameters[1].domain == .float(low: 0, high: 0.3, log: false))
        #expect(space.parameters[2].domain == .int(low: 8, high: 64, log: true))
        #expect(space.parameters[3].domain == .float(low: 1e-4, high: 1e-2, log: true))
        #expect(space.parameters[4].domain == .int(low: 1, high: 3, log: false))
        // The other model's space keeps its default.
        #expect(loaded.config.tune.spaces.lightgbm == TuneSpace.lightgbmDefault)
    }

    @Test func unknownParameterNamesTheKeyWithASuggestion() {
        #expect(
            throws: ConfigError.invalidValue(
                key: "tune.spaces.gru.hiden_size", value: "hiden_size",
                reason: "models.gru has no key 'hiden_size'; did you mean 'hidden_size'?")
        ) { try parse("      hiden_size: {type: int, low: 8, high: 64}\n") }
        #expect(
            throws: ConfigError.invalidValue(
                key: "tune.spaces.gru.seq_len", value: "seq_len", reason: "models.gru has no key 'seq_len'")
        ) { try parse("      seq_len: {type: int, low: 8, high: 64}\n") }
    }

    @Test func emptyAndInvertedRangesAreErrors() {
        #expect(
            throws: ConfigError.invalidValue(
                key: "tune.spaces.gru.num_layers", value: "3…1", reason: "the range is empty (low > high)")
        ) { try parse("      num_layers: {type: int, low: 3, high: 1}\n") }
        #expect(
            throws: ConfigError.invalidValue(
                key: "tune.spaces.gru.dropout", value: "0.2…0.2", reason: "the range is empty (low must be below high)")
        ) { try parse("      dropout: {type: float, low: 0.2, high: 0.2}\n") }
        #expect(
            throws: ConfigError.invalidValue(
                key: "tune.spaces.gru.learning_rate", value: "0.0…0.01", reason: "a log range needs low > 0")
        ) { try parse("      learning_rate: {type: log-float, low: 0, high: 0.01}\n") }
        #expect(
            throws: ConfigError.invalidValue(key: "tune.spaces.gru.batch_size", value: "[]", reason: "the choices are empty")
        ) { try parse("      batch_size: {type: categorical, choices: []}\n") }
    }

    @Test func typeMismatchesAreErrorsNamingTheKey() {
        #expect(
            throws: ConfigError.wrongType(
                key: "tune.spaces.gru.num_layers",
                expected: "int or categorical (models.gru.num_layers takes no real numbers)")
        ) { try parse("      num_layers: {type: float, low: 1, high: 4}\n") }
        #expect(throws: ConfigError.self) { try parse("      batch_size: {type: categorical, choices: [small, large]}\n") }
        #expect(throws: ConfigError.self) { try parse("      dropout: {type: uniform, low: 0, high: 1}\n") }
    }

    @Test func boundsMustPassTheModelsOwnRules() {
        #expect(
            throws: ConfigError.invalidValue(
                key: "tune.spaces.gru.dropout", value: "1.5", reason: "models.gru.dropout: must be in [0, 1)")
        ) { try parse("      dropout: {type: float, low: 0.1, high: 1.5}\n") }
    }

    @Test func roundTripsThroughYAML() throws {
        var config = EngineConfig()
        config.tune.spaces.gru = TuneSpace([
            .init(name: "batch_size", domain: .categorical([.int(8), .int(16)])),
            .init(name: "dropout", domain: .float(low: 0.05, high: 0.25, log: false)),
        ])
        let text = try YAMLEncoder().encode(config)
        let back = try ConfigLoader.parse(text, path: "t.yaml")
        #expect(back.config.tune == config.tune)
    }

    @Test func aSpaceReadFromJSONIsTheSameSpace() throws {
        // JSON objects have no key order (a job line, a manifest): the space must not depend on it.
        let data = try JSONEncoder().encode(TuneSpace.lightgbmDefault)
        for _ in 0..<5 { #expect(try JSONDecoder().decode(TuneSpace.self, from: data) == TuneSpace.lightgbmDefault) }
    }

    @Test func describesItselfForTheReadme() {
        #expect(TuneSpace.gruDefault.description.hasPrefix("batch_size {32, 64, 128}, dropout float 0…0.5"))
        #expect(TuneSpace.gruDefault.description.hasSuffix("sequence_length int 10…60"))
    }
}
