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
    /// move to `newLeaf`. Stable.
    /// - Returns: the number of rows that went left.
    /// - Complexity: O(rows in leaf).
    @discardableResult
    func split(leaf: Int, newLeaf: Int, column: UnsafePointer<UInt8>, goesLeft: [Bool]) -> Int {
        let start = begin[leaf]
        let n = count[leaf]
        var table = [UInt8](repeating: 0, count: 256)
        for (b, left) in goesLeft.enumerated() where left { table[b] = 1 }
        var leftCount = 0
        var rightCount = 0
        let base = indices + start
        table.withUnsafeBufferPointer { t in
            for i in 0..<n {
                let r = base[i]
                let isLeft = Int(t[Int(column[Int(r)])])
                base[leftCount] = r
                scratch[rightCount] = r
                leftCount &+= isLeft
                rightCount &+= 1 &- isLeft
            }
        }
        (base + leftCount).update(from: scratch, count: rightCount)
        count[leaf] = leftCount
        begin[newLeaf] = start + leftCount
        count[newLeaf] = rightCount
        return leftCount
    }
}
