import Dispatch

/// A raw pointer handed to parallel workers that each touch a disjoint part of the memory.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

/// Runs `body(i)` for `i in 0..<count` on up to `threads` cores (0 = all).
func parallelFor(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    if count <= 0 { return }
    if count == 1 || threads == 1 {
        for i in 0..<count { body(i) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
}
