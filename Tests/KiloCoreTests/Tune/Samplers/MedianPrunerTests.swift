import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct MedianPrunerTests {
    static func complete(_ number: Int, _ folds: [Double]) -> TrialRecord {
        TrialRecord(
            number: number, parameters: [:], foldValues: folds, state: .complete,
            value: folds.reduce(0, +) / Double(folds.count), seed: 0)
    }

    /// Five complete trials whose running means after fold 0 are 1…5 (median 3) and after
    /// fold 1 are 1.5, 2.5, …, 5.5 (median 3.5).
    static let history = (1...5).map { complete($0, [Double($0), Double($0) + 1, Double($0)]) }

    @Test func prunesAWorseRunningMeanOnly() {
        let pruner = MedianPruner()
        #expect(pruner.shouldPrune(foldValues: [3.5], history: Self.history, direction: .minimize))
        #expect(!pruner.shouldPrune(foldValues: [3.0], history: Self.history, direction: .minimize))
        #expect(!pruner.shouldPrune(foldValues: [2.0], history: Self.history, direction: .minimize))
        // Running mean after fold 1 is (2 + 6) / 2 = 4 > 3.5: pruned although fold 0 alone was good.
        #expect(pruner.shouldPrune(foldValues: [2, 6], history: Self.history, direction: .minimize))
        #expect(!pruner.shouldPrune(foldValues: [4, 2], history: Self.history, direction: .minimize))
        // Maximising: a smaller running mean is worse.
        #expect(pruner.shouldPrune(foldValues: [2.5], history: Self.history, direction: .maximize))
        #expect(!pruner.shouldPrune(foldValues: [3.5], history: Self.history, direction: .maximize))
        #expect(pruner.shouldPrune(foldValues: [.nan], history: Self.history, direction: .maximize))
    }

    @Test func startupWarmupAndMissingFolds() {
        #expect(!MedianPruner(startupTrials: 6).shouldPrune(foldValues: [9], history: Self.history, direction: .minimize))
        #expect(!MedianPruner(warmupFolds: 1).shouldPrune(foldValues: [9], history: Self.history, direction: .minimize))
        #expect(MedianPruner(warmupFolds: 1).shouldPrune(foldValues: [9, 9], history: Self.history, direction: .minimize))
        // No complete trial reached fold 3.
        #expect(!MedianPruner().shouldPrune(foldValues: [9, 9, 9, 9], history: Self.history, direction: .minimize))
        #expect(!MedianPruner().shouldPrune(foldValues: [], history: Self.history, direction: .minimize))
        // Pruned, failed and running trials are not part of the median.
        var others = Self.history
        for index in others.indices { others[index].state = .pruned }
        #expect(!MedianPruner().shouldPrune(foldValues: [9], history: others, direction: .minimize))
    }

    @Test func medianOfEvenCountIsTheMiddleMean() {
        #expect(MedianPruner.median([4, 1, 3, 2]) == 2.5)
        #expect(MedianPruner.median([]) == nil)
    }

    /// The decisions of `Fixtures/make_pruner_fixtures.py`: Optuna 5 running the issue's rule
    /// (bench/tune/running_median_pruner.py, the Python reference of `bench/tune/e2e.sh`) and its
    /// stock `MedianPruner` on the same studies.
    struct PrunerFixtures: Decodable {
        struct Trial: Decodable {
            var state: String
            var folds: [Double]
        }

        struct Case: Decodable {
            var direction: String
            var startup_trials: Int
            var warmup_folds: Int
            var history: [Trial]
            var current: [Double]
            var prune: Bool
            var optuna_median_prune: Bool
        }

        var optuna: String
        var cases: [Case]

        static func load() throws -> PrunerFixtures {
            let path = RepoPaths.path("Tests/KiloCoreTests/Tune/Fixtures/pruner_fixtures.json")
            let data = try #require(FileManager.default.contents(atPath: path))
            return try JSONDecoder().decode(PrunerFixtures.self, from: data)
        }
    }

    @Test func matchesOptunaRunningTheIssuesRule() throws {
        let fixtures = try PrunerFixtures.load()
        #expect(fixtures.cases.count > 100)
        var pruned = 0
        var stockDiffers = 0
        for (index, item) in fixtures.cases.enumerated() {
            let history = try item.history.enumerated().map { number, trial in
                var record = Self.complete(number, trial.folds)
                record.state = try #require(TrialState(rawValue: trial.state))
                if record.state != .complete { record.value = nil }
                return record
            }
            let direction: StudyDirection = item.direction == "maximize" ? .maximize : .minimize
            let pruner = MedianPruner(startupTrials: item.startup_trials, warmupFolds: item.warmup_folds)
            let decision = pruner.shouldPrune(foldValues: item.current, history: history, direction: direction)
            #expect(decision == item.prune, "case \(index): \(item)")
            pruned += item.prune ? 1 : 0
            stockDiffers += item.prune != item.optuna_median_prune ? 1 : 0
        }
        // The fixture exercises both outcomes and the cases where Optuna's stock MedianPruner (the
        // best running mean so far) would decide otherwise, the BTCEUR end-to-end study's among them.
        #expect(pruned > 20 && pruned < fixtures.cases.count - 20)
        #expect(stockDiffers > 5)
        #expect(fixtures.cases.first.map { $0.prune && !$0.optuna_median_prune } == true)
    }
}
