import Testing

@testable import KiloCore

/// The memo gives the columns a fresh encoding gives, encodes each parameters value once, and never
/// reuses a row for a different value under the same trial number.
@Suite struct EncodingMemoTests {
    static let schema = EncodedColumns.Schema(names: EncodedColumnsTests.names, domains: EncodedColumnsTests.domains)

    /// `count` trials numbered from 0 with random values, some invalid (as `EncodedColumnsTests` makes them).
    static func history(_ count: Int, seed: UInt64) -> [TrialRecord] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { number in
            var trial: TrialParameters = [:]
            for (index, name) in EncodedColumnsTests.names.enumerated() where random.next() % 25 != 0 {
                trial[name] = EncodedColumnsTests.value(index, using: &random)
            }
            return TrialRecord(number: number, parameters: trial, seed: 0)
        }
    }

    static func fresh(_ positions: [Int], _ history: [TrialRecord]) -> [[Double]] {
        EncodedColumns(positions.map { history[$0].parameters }, schema: schema).columns
    }

    @Test func aGrowingHistoryIsEncodedOncePerTrial() {
        let memo = EncodingMemo()
        var history = Self.history(300, seed: 5)
        let odd = history.indices.filter { $0 % 2 == 1 }
        let even = history.indices.filter { $0 % 2 == 0 }
        #expect(memo.columns(of: odd, in: history, schema: Self.schema).columns == Self.fresh(odd, history))
        #expect(memo.columns(of: even, in: history, schema: Self.schema).columns == Self.fresh(even, history))
        #expect(memo.encodings == 300)
        history += Self.history(310, seed: 6).suffix(10)
        let all = Array(history.indices)
        let columns = memo.columns(of: all, in: history, schema: Self.schema)
        #expect(columns.columns == Self.fresh(all, history))
        #expect(columns.count == EncodedColumnsTests.reference(history.map(\.parameters)).count)
        #expect(memo.encodings == 310, "only the ten new trials are encoded")
    }

    @Test func anotherValueUnderTheSameNumberIsEncodedAgain() {
        let memo = EncodingMemo()
        let first = Self.history(50, seed: 1)
        let all = Array(first.indices)
        _ = memo.columns(of: all, in: first, schema: Self.schema)
        // The same numbers with other values (a trial an interrupted run discarded and suggested again).
        let second = Self.history(50, seed: 2)
        #expect(memo.columns(of: all, in: second, schema: Self.schema).columns == Self.fresh(all, second))
        // Equal values in new dictionaries (a history read again) are encoded again too.
        let copies = second.map { record in
            var copy = record
            copy.parameters = Dictionary(uniqueKeysWithValues: record.parameters.map { ($0.key, $0.value) })
            return copy
        }
        #expect(memo.columns(of: all, in: copies, schema: Self.schema).columns == Self.fresh(all, second))
        #expect(memo.encodings == 150)
        // Another space empties the memo.
        let narrower = EncodedColumns.Schema(names: ["x0"], domains: [EncodedColumnsTests.domains[0]])
        let columns = memo.columns(of: all, in: copies, schema: narrower).columns
        #expect(columns == EncodedColumns(copies.map(\.parameters), schema: narrower).columns)
        #expect(memo.encodings == 200)
    }

    @Test func numbersFarBeyondTheHistoryAreEncodedOnTheSide() {
        let memo = EncodingMemo()
        var history = Self.history(40, seed: 9)
        history[3].number = 1_000_000_000
        history[7].number = -5
        let all = Array(history.indices)
        #expect(memo.columns(of: all, in: history, schema: Self.schema).columns == Self.fresh(all, history))
        #expect(memo.columns(of: all, in: history, schema: Self.schema).columns == Self.fresh(all, history))
        #expect(memo.encodings == 42, "the two far numbers are encoded at each call")
    }

    @Test func copiesOfOneDictionaryAreTheSameValueAndEqualOnesAreNot() {
        let a: TrialParameters = ["x0": .float(1), "c0": .string("b")]
        let copy = a
        let equal = Dictionary(uniqueKeysWithValues: a.map { ($0.key, $0.value) })
        #expect(EncodingMemo.isSameValue(a, copy))
        #expect(equal == a && !EncodingMemo.isSameValue(a, equal))
    }
}
