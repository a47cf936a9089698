import Dispatch
import Synchronization

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

extension LargeArrays {
    /// Bytes faulted in per step by `Prefault`.
    static let prefaultStep = 16 << 20

    /// Faults the pages of a freshly allocated buffer in on another core while the caller fills it
    /// front to back: the kernel's zeroing of ~1 GB (a large part of generating the features)
    /// then overlaps the computation instead of stalling it. Linux `MADV_POPULATE_WRITE` maps the
    /// pages without touching their contents, so racing the writer is harmless; elsewhere (or on
    /// kernels without it) this does nothing.
    final class Prefault: Sendable {
        private let stopped = Atomic<Bool>(false)
        private let group = DispatchGroup()

        /// Starts faulting in `buffer` (buffers under 2 steps are left to the writer).
        init(_ buffer: UnsafeMutableRawBufferPointer) {
            #if canImport(Glibc)
                guard buffer.count >= 2 * LargeArrays.prefaultStep, let base = buffer.baseAddress else { return }
                // madvise wants a page-aligned start: leave the first partial page to the writer.
                let start = (Int(bitPattern: base) + 4095) & ~4095
                let count = (Int(bitPattern: base) + buffer.count - start) & ~4095
                DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
                    var offset = 0
                    while offset < count, !self.stopped.load(ordering: .relaxed) {
                        let length = min(LargeArrays.prefaultStep, count - offset)
                        guard let pointer = UnsafeMutableRawPointer(bitPattern: start + offset),
                            madvise(pointer, length, 23 /* MADV_POPULATE_WRITE */) == 0
                        else { return }
                        offset += length
                    }
                }
            #endif
        }

        /// Stops faulting and waits for the other core (the buffer must outlive this call).
        func finish() {
            stopped.store(true, ordering: .relaxed)
            group.wait()
        }
    }
}
