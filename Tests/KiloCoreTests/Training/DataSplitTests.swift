import Testing

@testable import KiloCore

@Suite struct DataSplitTests {
    @Test func chronologicalWithEmbargo() throws {
        let split = try #require(DataSplit.chronological(usable: 100..<1100, fractions: (0.7, 0.15, 0.15), embargo: 50))
        // 1000 rows − 2 × 50 embargo = 900: 630 / 135 / 135.
        #expect(split.train == 100..<730)
        #expect(split.validation == 780..<915)
        #expect(split.test == 965..<1100)
        #expect(split.validation.lowerBound - split.train.upperBound == 50)
        #expect(split.test.lowerBound - split.validation.upperBound == 50)
    }

    @Test func tooFewRowsGiveNoSplit() {
        #expect(DataSplit.chronological(usable: 0..<10, fractions: (0.7, 0.15, 0.15), embargo: 5) == nil)
        #expect(DataSplit.chronological(usable: 0..<10, fractions: (1, 0, 0), embargo: 0) == nil)
    }

    @Test func walkForwardExpands() {
        let folds = DataSplit.walkForward(usable: 0..<1000, folds: 3, embargo: 10)
        #expect(folds.count == 3)
        // block = (1000 − 20) / 5 = 196
        #expect(folds[0].train == 0..<196)
        #expect(folds[0].validation == 206..<402)
        #expect(folds[0].test == 412..<608)
        #expect(folds[2].train == 0..<588)
        #expect(folds[2].test.upperBound <= 1000)
        for fold in folds {
            #expect(fold.validation.lowerBound - fold.train.upperBound == 10)
            #expect(fold.test.lowerBound - fold.validation.upperBound == 10)
        }
    }
}
