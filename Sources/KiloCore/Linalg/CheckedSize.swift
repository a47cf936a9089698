/// Overflow-checked size arithmetic for sizes read from files (shapes, counts, offsets): a size
/// that does not fit in `Int` is `nil`, never a trap, and a loader then refuses the file.
public enum CheckedSize {
    /// The product of `factors` (1 for none), or nil when a factor is negative or it overflows.
    public static func product(_ factors: [Int]) -> Int? {
        var result = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// The sum of `terms`, or nil when a term is negative or it overflows.
    public static func sum(_ terms: [Int]) -> Int? {
        var result = 0
        for term in terms {
            guard term >= 0 else { return nil }
            let (next, overflow) = result.addingReportingOverflow(term)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// The number of scalars of `shapes` together, or nil when it overflows.
    public static func elementCount(_ shapes: [[Int]]) -> Int? {
        var total: [Int] = []
        for shape in shapes {
            guard let count = product(shape) else { return nil }
            total.append(count)
        }
        return sum(total)
    }
}
