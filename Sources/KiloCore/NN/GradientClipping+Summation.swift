extension GradientClipping {
    /// Σ g², one Float chain flushed to Double every 1024 elements.
    /// - Complexity: O(count).
    static func sequentialSumOfSquares(_ g: UnsafeBufferPointer<Float>) -> Double {
        var sum = 0.0
        var partial: Float = 0
        for i in 0..<g.count {
            partial += g[i] * g[i]
            if i & 1023 == 1023 {
                sum += Double(partial)
                partial = 0
            }
        }
        return sum + Double(partial)
    }

    /// Σ g² in eight Float lanes, flushed to Double every 1024 elements, the tail one by one.
    /// - Complexity: O(count), eight lanes at a time.
    static func laneSumOfSquares(_ g: UnsafeBufferPointer<Float>) -> Double {
        var sum = 0.0
        let count = g.count
        guard count > 0 else { return 0 }
        let raw = UnsafeRawPointer(g.checkedBase)
        var i = 0
        while i + 8 <= count {
            var partial = SIMD8<Float>.zero
            let end = min(count - (count - i) % 8, i + 1024)
            while i < end {
                let x = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                partial += x * x
                i += 8
            }
            sum += Double(partial.sum())
        }
        while i < count {
            sum += Double(g[i] * g[i])
            i += 1
        }
        return sum
    }
}
