import Foundation
import Testing

@testable import KiloCore

@Suite struct RunCacheTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add() { lock.withLock { n += 1 } }
        var value: Int { lock.withLock { n } }
    }

    @Test func buildsOnceAndReturnsTheStoredValue() {
        let cache = RunCache()
        let builds = Counter()
        let first: [Int] = cache.value(for: "a") { builds.add(); return [1, 2] }
        let second: [Int] = cache.value(for: "a") { builds.add(); return [3] }
        let other: [Int] = cache.value(for: "b") { builds.add(); return [4] }
        #expect(first == [1, 2] && second == [1, 2] && other == [4])
        #expect(builds.value == 2 && cache.count == 2)
    }

    @Test func concurrentAsksAgreeOnOneValue() {
        let cache = RunCache()
        let results = Counter()
        let seen = NSLock()
        nonisolated(unsafe) var values: Set<Int> = []
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let value: Int = cache.value(for: "shared") { i }
            seen.withLock { _ = values.insert(value) }
            results.add()
        }
        #expect(results.value == 16 && values.count == 1 && cache.count == 1)
    }

    @Test func aFailedBuildStoresNothing() {
        struct Boom: Error {}
        let cache = RunCache()
        #expect(throws: Boom.self) { let _: Int = try cache.value(for: "x") { throw Boom() } }
        let value: Int = cache.value(for: "x") { 7 }
        #expect(value == 7)
    }
}
