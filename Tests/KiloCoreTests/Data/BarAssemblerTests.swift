import Testing

@testable import KiloCore

@Suite struct BarAssemblerTests {
    static func raw(_ times: [Int64], close: [Double]? = nil) -> RawBars {
        var values = [[Double]?](repeating: nil, count: BarField.allCases.count)
        values[BarField.close.rawValue] = close ?? times.map(Double.init)
        return RawBars(times: times, values: values, lines: .csv(firstRowLine: 2, blanks: BlankLines()))
    }

    @Test func sortedUniqueInputIsUntouched() {
        let assembled = BarAssembler.assemble(Self.raw([1, 2, 3, 5]))
        #expect(assembled.times == [1, 2, 3, 5])
        #expect(assembled.duplicatesDropped == 0)
        #expect(assembled.outOfOrderRows == 0)
        #expect(assembled.rowsRead == 4)
    }

    @Test func stableSortKeepsTheLastRowOfEachTime() {
        let assembled = BarAssembler.assemble(
            Self.raw([3, 1, 3, 2, 1, 3], close: [30, 10, 31, 20, 11, 32]))
        #expect(assembled.times == [1, 2, 3])
        #expect(assembled.values[BarField.close.rawValue] == [11, 20, 32])
        #expect(assembled.duplicatesDropped == 3)
        #expect(assembled.outOfOrderRows == 3)  // 1 after 3, 2 after 3, 1 after 2
        #expect(assembled.duplicateExamples.map(\.droppedLine) == [3, 2, 4])
        #expect(assembled.duplicateExamples.map(\.keptLine) == [6, 7, 7])
        #expect(assembled.outOfOrderExamples.map(\.line) == [3, 5, 6])
    }

    @Test func examplesAreCapped() {
        let times = (0..<100).map { Int64($0 / 2) }
        let assembled = BarAssembler.assemble(Self.raw(times))
        #expect(assembled.duplicatesDropped == 50)
        #expect(assembled.duplicateExamples.count == LoadReport.exampleLimit)
    }

    @Test func lineMapAccountsForBlankLines() {
        let blanks = BlankLines(rowsBefore: [0, 0, 3, 10])
        let map = LineMap.csv(firstRowLine: 2, blanks: blanks)
        #expect([0, 1, 2, 3, 9, 10, 11].map(map.line(ofRow:)) == [4, 5, 6, 8, 14, 16, 17])
        #expect(blanks.count == 4 && blanks.rowsBefore == [0, 3, 10], "runs of blank lines are one entry")
        var joined = BlankLines(rowsBefore: [0, 3])
        joined.append(BlankLines(rowsBefore: [0, 0, 2]), rowOffset: 3)
        #expect(joined == BlankLines(rowsBefore: [0, 3, 3, 3, 5]))
        #expect(LineMap.rowIDs([7, 9]).line(ofRow: 1) == 9)
    }

    @Test func medianSpacingAndSelection() {
        #expect(BarAssembler.medianSpacing(of: [5]) == nil)
        #expect(BarAssembler.medianSpacing(of: [0, 10]) == 10)
        #expect(BarAssembler.medianSpacing(of: [0, 30, 60, 1_000, 1_030, 1_060]) == 30)
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let count = Int(rng.next() % 50) + 1
            var values = (0..<count).map { _ in Int64(rng.next() % 8) }
            let sorted = values.sorted()
            let rank = Int(rng.next() % UInt64(count))
            #expect(BarAssembler.select(&values, rank: rank) == sorted[rank])
        }
    }
}
