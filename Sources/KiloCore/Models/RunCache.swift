import Foundation

/// Work a model family may keep between fits on the same scaled rows — the trials of one `tune`
/// fold, which differ only in their parameters — such as LightGBM's binned training rows. One cache
/// serves one set of rows (its owner's promise: one per fold); a key names the work and every other
/// input it depends on (LightGBM's also hashes the rows it bins, so a cache handed other rows
/// misses instead of answering wrongly). The first fit that asks builds the value, later ones reuse
/// it. Safe to share between threads.
public final class RunCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: any Sendable] = [:]

    public init() {}

    /// The value stored under `key`, built by `build` when there is none yet. `build` runs outside
    /// the lock, so two fits asking at once may both build; the first value stored is the one
    /// kept and returned to both (a key's value must not depend on who builds it).
    /// - Complexity: O(1) expected besides `build`.
    public func value<T: Sendable>(for key: String, build: () throws -> T) rethrows -> T {
        if let found = lock.withLock({ entries[key] as? T }) { return found }
        let built = try build()
        return lock.withLock {
            if let raced = entries[key] as? T { return raced }
            entries[key] = built
            return built
        }
    }

    /// How many values are stored.
    public var count: Int { lock.withLock { entries.count } }
}
