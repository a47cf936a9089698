/// The rows of every leaf of the tree being grown (LightGBM `DataPartition`): one index buffer
/// where each leaf owns a contiguous range, rows kept in ascending order inside each range.
final class DataPartition: @unchecked Sendable {
    let capacity: Int
    let indices: UnsafeMutablePointer<Int32>
    private let scratch: UnsafeMutablePointer<Int32>
    private(set) var begin: [Int]
    private(set) var count: [Int]

    init(capacity: Int, maxLeaves: Int) {
        self.capacity = capacity
        indices = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, capacity))
        scratch = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, capacity))
        begin = [Int](repeating: 0, count: maxLeaves)
        count = [Int](repeating: 0, count: maxLeaves)
    }

    deinit {
        indices.deallocate()
        scratch.deallocate()
    }

    /// Puts all `rows` (ascending) in leaf 0, or every row `0..<capacity` when `rows` is nil.
    func reset(rows: [Int32]?) {
        for l in count.indices {
            begin[l] = 0
            count[l] = 0
        }
        if let rows {
            rows.withUnsafeBufferPointer { p in
                if let base = p.baseAddress { indices.update(from: base, count: rows.count) }
            }
            count[0] = rows.count
        } else {
            for i in 0..<capacity { indices[i] = Int32(i) }
            count[0] = capacity
        }
    }

    /// The rows of `leaf`.
    @inline(__always)
    func rows(of leaf: Int) -> UnsafeMutablePointer<Int32> { indices + begin[leaf] }

    /// Splits `leaf`: rows whose bin in `column` satisfies `goesLeft` stay in `leaf`, the others
    /// move to `newLeaf`. Stable. Large leaves are split in two halves on two cores, then joined.
    /// - Returns: the number of rows that went left.
    /// - Complexity: O(rows in leaf).
    @discardableResult
    func split(leaf: Int, newLeaf: Int, column: UnsafePointer<UInt8>, goesLeft: [Bool], threads: Int = 1) -> Int {
        let start = begin[leaf]
        let n = count[leaf]
        var table = [UInt8](repeating: 0, count: 256)
        for (b, left) in goesLeft.enumerated() where left { table[b] = 1 }
        let base = SharedPointer(indices + start)
        let temp = SharedPointer(scratch)
        let col = SharedPointer(UnsafeMutablePointer(mutating: column))
        let halves = n >= 131_072 && threads >= 2 ? 2 : 1
        let mid = halves == 2 ? n / 2 : n
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 4)
        defer { counts.deallocate() }
        let countsShared = SharedPointer(counts)
        let lookup = table
        parallelFor(halves, threads: halves) { h in
            let from = h == 0 ? 0 : mid
            let to = h == 0 ? mid : n
            var leftCount = 0
            var rightCount = 0
            lookup.withUnsafeBufferPointer { t in
                for i in from..<to {
                    let r = base.base[i]
                    let isLeft = Int(t[Int(col.base[Int(r)])])
                    base.base[from &+ leftCount] = r
                    temp.base[from &+ rightCount] = r
                    leftCount &+= isLeft
                    rightCount &+= 1 &- isLeft
                }
            }
            countsShared.base[2 * h] = leftCount
            countsShared.base[2 * h + 1] = rightCount
        }
        var leftTotal = counts[0]
        var rightPlaced = 0
        if halves == 2 {
            (base.base + leftTotal).update(from: base.base + mid, count: counts[2])
            leftTotal += counts[2]
        }
        (base.base + leftTotal).update(from: scratch, count: counts[1])
        rightPlaced = counts[1]
        if halves == 2 {
            (base.base + leftTotal + rightPlaced).update(from: scratch + mid, count: counts[3])
            rightPlaced += counts[3]
        }
        count[leaf] = leftTotal
        begin[newLeaf] = start + leftTotal
        count[newLeaf] = rightPlaced
        return leftTotal
    }
}
