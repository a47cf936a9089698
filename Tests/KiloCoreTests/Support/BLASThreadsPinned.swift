import Testing

@testable import KiloCore

/// OpenBLAS's thread count is one setting for the whole test process, which starts at the core
/// count, and tests that train through the scheduler set it to 1 (the default config) while other
/// suites run. A test that compares the bits of two trainings could see the count change between
/// them (a threaded GEMV sums in another order). This trait sets it to 1 before each test of a
/// suite; since every test that sets it sets 1, it stays 1 from then on.
struct BLASThreadsPinned: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        BLAS.setThreadCount(1)
        try await function()
    }
}

extension Trait where Self == BLASThreadsPinned {
    /// One OpenBLAS thread before each test (see ``BLASThreadsPinned``).
    static var blasThreadsPinned: Self { Self() }
}
