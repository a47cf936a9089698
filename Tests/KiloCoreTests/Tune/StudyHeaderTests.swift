import Foundation
import Testing

@testable import KiloCore

@Suite struct StudyHeaderTests {
    @Test func theFirstDifferingFieldIsNamedAndThePrunerMayChange() {
        let stored = StudyStoreTests.header()
        var other = stored
        #expect(stored.firstDifference(from: other) == nil)
        other.pruner = .none
        other.created += 1000
        #expect(stored.firstDifference(from: other) == nil, "pruner and creation time are not identity")
        other.model = .gru
        other.specHash = "changed"
        #expect(stored.firstDifference(from: other)?.field == "model", "model is checked first")
        var config = stored
        config.baseConfig = "{\"epochs\":3}"
        #expect(stored.firstDifference(from: config)?.field == "model config (models.lightgbm and trading.fee)")
        var seed = stored
        seed.seed = 8
        #expect(stored.firstDifference(from: seed).map { [$0.field, $0.stored, $0.requested] } == ["seed", "7", "8"])
    }

    @Test func aChangedTrialBudgetIsNamedAndAnOldHeaderHasNone() throws {
        var stored = StudyStoreTests.header()
        stored.trialBudget = "epochs 4, patience 2"
        var other = stored
        other.trialBudget = "epochs 8, patience 2"
        #expect(
            stored.firstDifference(from: other).map { [$0.field, $0.stored, $0.requested] } == [
                "trial budget (tune.gru_epochs, tune.gru_patience)", "epochs 4, patience 2", "epochs 8, patience 2",
            ])
        other.trialBudget = nil
        #expect(stored.firstDifference(from: other)?.requested == "none")
        // A header written before the budget was recorded reads back without one.
        var json = try #require(try JSONSerialization.jsonObject(with: Data(StudyJSON.encode(stored).utf8)) as? [String: Any])
        json["trialBudget"] = nil
        let old = try StudyJSON.decode(
            StudyHeader.self, from: String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self))
        #expect(old.trialBudget == nil)
        #expect(!StudyJSON.encode(old).contains("trialBudget"), "a study without a budget stores no key")
    }

    @Test func changedSamplerSettingsAreNamedAndAnOldTPEHeaderIsRefused() throws {
        let stored = StudyStoreTests.header()
        #expect(stored.samplerSettings == "startup 10, candidates 24, kernels kilo")
        var other = stored
        other.samplerSettings = "startup 10, candidates 24, kernels optuna"
        #expect(
            stored.firstDifference(from: other).map { [$0.field, $0.stored, $0.requested] } == [
                "sampler settings (tune.startup_trials, tune.tpe_candidates, tune.tpe_kernels)",
                "startup 10, candidates 24, kernels kilo", "startup 10, candidates 24, kernels optuna",
            ])
        // A TPE study written before the settings were recorded: which kernels made it is unknown.
        var json = try #require(try JSONSerialization.jsonObject(with: Data(StudyJSON.encode(stored).utf8)) as? [String: Any])
        json["samplerSettings"] = nil
        let old = try StudyJSON.decode(
            StudyHeader.self, from: String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self))
        #expect(old.samplerSettings == nil)
        #expect(old.firstDifference(from: stored)?.stored == "not recorded")
        // The random sampler has no settings on either side.
        var random = stored
        random.sampler = .random
        random.samplerSettings = nil
        #expect(random.firstDifference(from: random) == nil)
        #expect(stored.firstDifference(from: random)?.field == "sampler", "the sampler itself is named first")
    }

    @Test func theDirectionFollowsTheObjective() {
        #expect(StudyStoreTests.header(objective: .rmse).direction == .minimize)
        #expect(StudyStoreTests.header(objective: .ic).direction == .maximize)
    }
}
