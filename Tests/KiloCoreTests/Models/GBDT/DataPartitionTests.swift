import Testing

@testable import KiloCore

@Suite struct DataPartitionTests {
    /// The two-core split of a large leaf equals the one-core split, row for row.
    @Test func parallelSplitIsStableAndEqual() {
        let n = 300_000
        var rng = SplitMix64(seed: 4)
        let column = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let goesLeft = (0..<256).map { $0 % 3 == 0 }
        let rows: [Int32] = (0..<Int32(n)).filter { $0 % 7 != 3 }
        var results: [[Int32]] = []
        for threads in [1, 2] {
            let p = DataPartition(capacity: n, maxLeaves: 2)
            p.reset(rows: rows)
            let left = column.withUnsafeBufferPointer {
                p.split(leaf: 0, newLeaf: 1, column: $0.baseAddress!, goesLeft: goesLeft, threads: threads)
            }
            #expect(left == p.count[0] && p.count[0] + p.count[1] == rows.count)
            let all = (0..<rows.count).map { p.indices[$0] }
            #expect(all[0..<left].allSatisfy { goesLeft[Int(column[Int($0)])] })
            #expect(all[left...].allSatisfy { !goesLeft[Int(column[Int($0)])] })
            #expect(zip(all[0..<left], all[0..<left].dropFirst()).allSatisfy { $0 < $1 })
            results.append(all)
        }
        #expect(results[0] == results[1])
    }
}
