/// The order of a set of values, smallest first, with equal values in their original order — what a
/// stable comparison sort on `<` gives, by a least-significant-digit radix sort of the values' bits.
///
/// The Parzen estimator needs this order once per parameter per suggestion; at 1,000 finished
/// trials a radix sort takes about a third of the comparison sort's time.
enum StableValueOrder {
    /// The positions of `values` in ascending order; ties keep ascending positions. `-0.0` ties
    /// with `0.0`, as `<` has it. NaN is not ordered (callers pass finite values).
    /// - Complexity: O(n · 8) with passes skipped where every key shares the byte.
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
        var counts = [Int](repeating: 0, count: 256)
        let first = keys[0]
        var differing: UInt64 = 0
        for key in keys { differing |= key ^ first }
        for pass in 0..<8 {
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
            for position in order {
                let bucket = Int((keys[position] >> shift) & 0xFF)
                scratch[counts[bucket]] = position
                counts[bucket] += 1
            }
            swap(&order, &scratch)
        }
        return order
    }
}
