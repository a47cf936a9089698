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

    @Test func theDirectionFollowsTheObjective() {
        #expect(StudyStoreTests.header(objective: .rmse).direction == .minimize)
        #expect(StudyStoreTests.header(objective: .ic).direction == .maximize)
    }
}
