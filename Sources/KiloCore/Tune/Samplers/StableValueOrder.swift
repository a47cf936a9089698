/// The order of a set of values, smallest first, with equal values in their original order — what a
/// stable comparison sort on `<` gives, by bucket, radix and counting sorts.
///
/// The Parzen estimator needs this order once per parameter per suggestion, and the TPE split
/// once per suggestion; at 1,000 finished trials these sorts take a fraction of a comparison
/// sort's time.
enum StableValueOrder {
    /// The positions of `values` in ascending order; ties keep ascending positions. `-0.0` ties
    /// with `0.0`, as `<` has it. NaN is not ordered (callers pass finite values).
    ///
    /// A bucket sort over the values' range (``byBuckets(_:)``), or a radix sort when the range
    /// has no finite scale (``byRadix(_:)``).
    /// - Complexity: O(n) for values spread over their range, O(n log n) at worst.
    static func of(_ values: [Double]) -> [Int] {
        let n = values.count
        guard n > 1 else { return Array(0..<n) }
        if let order = byBuckets(values) { return order }
        return byRadix(values)
    }

    /// ``of(_:)`` by one counting pass over n equal-width buckets between the smallest and the
    /// largest value, then a stable sort of each bucket: the bucket of v is ⌊(v − min)·n/(max −
    /// min)⌋, and each rounded step is monotone in v, so a smaller value never lands in a later
    /// bucket and equal values share one. `nil` when the scale is not finite (a range that
    /// overflows or underflows) or a value is NaN.
    /// - Complexity: O(n) plus O(r²) per bucket of r ≤ 16 values and O(r log r) per larger one:
    ///   O(n) for values spread over their range, O(n log n) at worst.
    static func byBuckets(_ values: [Double]) -> [Int]? {
        let n = values.count
        var lowest = values[0]
        var highest = values[0]
        for value in values {
            if value.isNaN { return nil }
            lowest = min(lowest, value)
            highest = max(highest, value)
        }
        guard lowest.isFinite, highest.isFinite else { return nil }
        // Every value equal (−0.0 and 0.0 included): positions in order.
        guard highest > lowest else { return Array(0..<n) }
        let scale = Double(n) / (highest - lowest)
        guard scale.isFinite, scale > 0 else { return nil }
        var order = [Int](repeating: 0, count: n)
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: n) { bucketOf in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: n + 1) { starts in
                starts.initialize(repeating: 0)
                for position in 0..<n {
                    let bucket = min(Int((values[position] - lowest) * scale), n - 1)
                    bucketOf[position] = Int32(truncatingIfNeeded: bucket)
                    starts[bucket + 1] += 1
                }
                for bucket in 0..<n { starts[bucket + 1] += starts[bucket] }
                order.withUnsafeMutableBufferPointer { order in
                    values.withUnsafeBufferPointer { values in
                        // Positions ascending into their buckets (stable), then each bucket sorted.
                        var next = Array(starts[0..<n])
                        for position in 0..<n {
                            let bucket = Int(bucketOf[position])
                            order[next[bucket]] = position
                            next[bucket] += 1
                        }
                        for bucket in 0..<n {
                            sortRun(order, from: starts[bucket], to: starts[bucket + 1]) { values[$0] }
                        }
                    }
                }
            }
        }
        return order
    }

    /// ``of(_:)`` by a least-significant-digit radix sort on the top 32 bits of an
    /// order-preserving integer key (4 byte passes, passes where every key shares the byte
    /// skipped), then each run of keys that share those bits put in full-key order, stably
    /// (insertion for short runs, a comparison sort of (key, position) for long ones).
    /// - Complexity: O(n · 4) plus O(r²) per run of r ≤ 16 keys sharing their top 32 bits and
    ///   O(r log r) per longer run.
    static func byRadix(_ values: [Double]) -> [Int] {
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
                    sortRun(order, from: start, to: end) { keys[$0] }
                    start = end
                }
            }
        }
        return order
    }

    /// Puts the positions `order[start..<end]` (ascending) in order of `key`, ties keeping their
    /// order: insertion for up to 16, else a comparison sort of (key, position).
    /// - Complexity: O(r²) for r ≤ 16 positions, O(r log r) beyond.
    @inline(__always)
    private static func sortRun<Key: Comparable>(
        _ order: UnsafeMutableBufferPointer<Int>, from start: Int, to end: Int, key: (Int) -> Key
    ) {
        if end - start > 16 {
            var run = UnsafeMutableBufferPointer(rebasing: order[start..<end])
            run.sort { (key($0), $0) < (key($1), $1) }
        } else if end - start > 1 {
            for i in (start + 1)..<end {
                let moving = order[i]
                var j = i
                while j > start, key(order[j - 1]) > key(moving) {
                    order[j] = order[j - 1]
                    j -= 1
                }
                order[j] = moving
            }
        }
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
