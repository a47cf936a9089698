extension GradientClipping {
    /// `clipGlobalNorm` with the sum of squares accumulated in eight Float lanes (flushed to
    /// Double every 1024 elements) instead of one sequential chain; the clip rule is identical,
    /// the norm may differ from `clipGlobalNorm`'s in the last bits (summation order).
    /// - Complexity: O(count), eight lanes at a time.
    @discardableResult
    public static func clipGlobalNormVectorized(_ gradients: inout [Float], maxNorm: Double) -> Double {
        var sum = 0.0
        let count = gradients.count
        gradients.withUnsafeBufferPointer { g in
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
        }
        let norm = sum.squareRoot()
        guard maxNorm > 0 else { return norm }
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            let scale = Float(coefficient)
            gradients.withUnsafeMutableBufferPointer { g in
                for i in 0..<g.count { g[i] *= scale }
            }
        }
        return norm
    }
}
