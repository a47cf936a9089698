#if canImport(Glibc)
    import Glibc
#endif

/// Allocation of large `Double` arrays backed by transparent huge pages where the OS allows it
/// (what numpy does for arrays of 4 MB and more): a 1M × 116 feature matrix is ~0.9 GB, and with
/// 4 KB pages its first touch costs more than computing it.
enum LargeArrays {
    static let hugePage = 2 << 20

    /// A `count`-element array whose elements `body` must all initialise.
    @inline(__always)
    static func doubles(count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            body(buffer)
            initialized = count
        }
    }

    /// Asks for huge pages over the 2 MB-aligned interior of `buffer` (no effect below 4 MB).
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
            guard buffer.count >= 2 * hugePage, let base = buffer.baseAddress else { return }
            let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
            let end = (Int(bitPattern: base) + buffer.count) & ~(hugePage - 1)
            guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }
}
