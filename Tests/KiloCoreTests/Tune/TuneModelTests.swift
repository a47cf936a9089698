import Foundation
import Testing

@testable import KiloCore

@Suite struct TuneModelTests {
    @Test func tunesGRUAndLightGBMButNotPPO() {
        #expect(TuneModel(kind: .gru) == .gru && TuneModel(kind: .lightgbm) == .lightgbm)
        #expect(TuneModel(kind: .ppo) == nil)
        #expect(TuneError.modelNotTunable(kind: "ppo").description.contains("may follow"))
    }

    @Test func keyNamesComeFromTheSectionTables() {
        #expect(TuneModel.gru.keyNames == GRUConfig.keys.map(\.name))
        #expect(TuneModel.lightgbm.keyNames.contains("num_leaves"))
    }

    @Test func applyingSetsOnlyThatModelsSectionAndChecksItsRules() throws {
        let config = EngineConfig()
        let tuned = try TuneModel.lightgbm.applying(["num_leaves": .int(99), "max_depth": .int(6)], to: config)
        #expect(tuned.models.lightgbm.numLeaves == 99 && tuned.models.lightgbm.maxDepth == 6)
        #expect(tuned.models.gru == config.models.gru && tuned.trading == config.trading)
        #expect(
            throws: ConfigError.invalidValue(key: "models.lightgbm.num_leaves", value: "1", reason: "must be in 2...131072")
        ) { try TuneModel.lightgbm.applying(["num_leaves": .int(1)], to: config) }
        #expect(try TuneModel.lightgbm.applying(["num_leaves": .int(1)], to: config, validate: false).models.lightgbm.numLeaves == 1)
    }

    @Test func sectionJSONChangesWithAnyKey() {
        var config = EngineConfig()
        let before = TuneModel.gru.sectionJSON(of: config)
        config.models.gru.epochs += 1
        #expect(TuneModel.gru.sectionJSON(of: config) != before)
        #expect(before.contains("\"sequence_length\":30"))
    }
}
