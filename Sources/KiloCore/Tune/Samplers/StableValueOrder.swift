/// The order of a set of values, smallest first, with equal values in their original order — what a
/// stable comparison sort on `<` gives, by radix and counting sorts.
///
/// The Parzen estimator needs this order once per parameter per suggestion, and the TPE split
/// once per suggestion; at 1,000 finished trials these sorts take a fraction of a comparison
/// sort's time.
enum StableValueOrder {
    /// The positions of `values` in ascending order; ties keep ascending positions. `-0.0` ties
    /// with `0.0`, as `<` has it. NaN is not ordered (callers pass finite values).
    ///
    /// A least-significant-digit radix sort on the top 32 bits of an order-preserving integer key
    /// (4 byte passes, passes where every key shares the byte skipped), then each run of keys that
    /// share those bits is put in full-key order, stably (insertion for short runs, a comparison
    /// sort of (key, position) for long ones).
    /// - Complexity: O(n · 4) plus O(r²) per run of r ≤ 16 keys sharing their top 32 bits and
    ///   O(r log r) per longer run.
    static func of(_ values: [Double]) -> [Int] {
        let n = values.count
        guard n > 1 else { return Array(0..<n) }
        // Map each double to an unsigned key with the same order (adding 0.0 turns -0.0 into 0.0).
        var keys = [UInt64](repeating: 0, count: n)
        for index in 0..<n {
            let bits = (values[index] + 0.0).bitPattern
            keys[index] = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        }
        var order = Array(0..<n)
        var scratch = [Int](repeating: 0, count: n)
        let first = keys[0]
        var differing: UInt64 = 0
        for key in keys { differing |= key ^ first }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
            keys.withUnsafeBufferPointer { keys in
                order.withUnsafeMutableBufferPointer { order in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        var source = order
                        var target = scratch
                        for pass in 4..<8 {
                            let shift = UInt64(pass * 8)
                            if (differing >> shift) & 0xFF == 0 { continue }
                            for bucket in 0..<256 { counts[bucket] = 0 }
                            for key in keys { counts[Int((key >> shift) & 0xFF)] += 1 }
                            var total = 0
                            for bucket in 0..<256 {
                                let count = counts[bucket]
                                counts[bucket] = total
                                total += count
                            }
                            for position in source {
                                let bucket = Int((keys[position] >> shift) & 0xFF)
                                target[counts[bucket]] = position
                                counts[bucket] += 1
                            }
                            swap(&source, &target)
                        }
                        // An odd number of passes left the result in the scratch buffer.
                        if source.baseAddress != order.baseAddress {
                            for index in 0..<n { order[index] = source[index] }
                        }
                    }
                }
            }
        }
        guard differing & 0xFFFF_FFFF != 0 else { return order }
        // Runs that share the top 32 bits: order them on the full key, ties by position.
        keys.withUnsafeBufferPointer { keys in
            order.withUnsafeMutableBufferPointer { order in
                var start = 0
                while start < n {
                    let top = keys[order[start]] >> 32
                    var end = start + 1
                    while end < n, keys[order[end]] >> 32 == top { end += 1 }
                    if end - start > 16 {
                        var run = UnsafeMutableBufferPointer(rebasing: order[start..<end])
                        run.sort { (keys[$0], $0) < (keys[$1], $1) }
                    } else if end - start > 1 {
                        for i in (start + 1)..<end {
                            let moving = order[i]
                            var j = i
                            while j > start, keys[order[j - 1]] > keys[moving] {
                                order[j] = order[j - 1]
                                j -= 1
                            }
                            order[j] = moving
                        }
                    }
                    start = end
                }
            }
        }
        return order
    }

    /// The positions of whole-number `values` in `low...high` in ascending order, ties in
    /// ascending positions (the same order as ``of(_:)``), by one counting pass; `nil` when the
    /// range is wider than 4·n + 256 values (then ``of(_:)`` is cheaper) or a value is not a
    /// whole number in the range.
    /// - Complexity: O(n + high − low).
    static func ofIntegers(_ values: [Double], low: Double, high: Double) -> [Int]? {
        let n = values.count
        guard low.isFinite, high.isFinite, high >= low, high - low <= Double(4 * n + 256) else { return nil }
        let width = Int(high - low) + 1
        var counts = [Int](repeating: 0, count: width + 1)
        for value in values {
            let offset = value - low
            guard offset >= 0, offset <= high - low, offset.rounded() == offset else { return nil }
            counts[Int(offset) + 1] += 1
        }
        for bucket in 0..<width { counts[bucket + 1] += counts[bucket] }
        var order = [Int](repeating: 0, count: n)
        for position in 0..<n {
            let bucket = Int(values[position] - low)
            order[counts[bucket]] = position
            counts[bucket] += 1
        }
        return order
    }
}
