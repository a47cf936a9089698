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
}
