import Synchronization

/// One integer dimension's cell masses log(Φ(b) − Φ(a)) by kernel and grid value, carried from
/// one suggestion to the next (``KernelCache`` owns one per integer dimension of g(x)).
///
/// A cell's mass depends on the grid value and the kernel's (μ, σ) only, and between suggestions
/// both mostly recur. Kernels get a slot by the bits of (μ, σ); the masses sit value by value,
/// slot after slot, so the masses of one value under a suggestion's kernels are read close
/// together instead of one cache line each in ``LogMassTable``. A remembered mass is the one
/// computed for the same bits. Thread-safe: ``withStore(_:)`` holds the lock for the call.
final class CellMasses: Sendable {
    /// Grid values the dimension has (masses are kept only for grids up to ``largestGrid``).
    let values: Int
    /// Grids beyond this many values are not kept.
    static let largestGrid = 256
    /// Slots are dropped (all at once) before a lookup that could take them past this many.
    static let mostSlots = 512

    struct Store {
        fileprivate struct Key: Hashable {
            let mu: UInt64
            let sigma: UInt64
        }
        fileprivate var slotOf: [Key: Int] = [:]
        /// Value v's masses at `v · capacity ..< (v + 1) · capacity`, NaN where not yet computed.
        fileprivate var masses: [Double] = []
        /// Slots per value in `masses`.
        private(set) var capacity = 0
        fileprivate let values: Int

        fileprivate init(values: Int) { self.values = values }

        /// The slot of each kernel (μ, σ), given a new one when it has none. All slots are
        /// dropped first when the new ones could pass ``CellMasses/mostSlots``, so the slots
        /// handed out together stay valid together.
        /// - Complexity: O(K) expected; O(values · slots) when the storage doubles.
        mutating func slots(mu: [Double], sigma: [Double]) -> [Int] {
            if slotOf.count + mu.count > CellMasses.mostSlots {
                slotOf.removeAll(keepingCapacity: true)
                masses = []
                capacity = 0
            }
            let slots = zip(mu, sigma).map { mu, sigma in
                let key = Key(mu: mu.bitPattern, sigma: sigma.bitPattern)
                if let slot = slotOf[key] { return slot }
                let slot = slotOf.count
                slotOf[key] = slot
                return slot
            }
            if slotOf.count > capacity {
                var newCapacity = max(64, capacity)
                while newCapacity < slotOf.count { newCapacity *= 2 }
                grow(to: newCapacity)
            }
            return slots
        }

        private mutating func grow(to newCapacity: Int) {
            var grown = [Double](repeating: .nan, count: values * newCapacity)
            for value in 0..<values {
                for slot in 0..<capacity { grown[value * newCapacity + slot] = masses[value * capacity + slot] }
            }
            masses = grown
            capacity = newCapacity
        }

        /// Calls `body` with the masses (value v's slot s at `v · capacity + s`, NaN where not yet
        /// computed; a mass written there must be the one computed for that value and kernel).
        mutating func withMasses<R>(_ body: (UnsafeMutableBufferPointer<Double>) -> R) -> R {
            masses.withUnsafeMutableBufferPointer { body($0) }
        }
    }

    private let store: Mutex<Store>

    /// `nil` for a grid of more than ``largestGrid`` values.
    init?(values: Int) {
        guard values > 0, values <= Self.largestGrid else { return nil }
        self.values = values
        store = Mutex(Store(values: values))
    }

    /// Runs `body` with the store locked.
    func withStore<R>(_ body: (inout Store) -> R) -> R {
        store.withLock { body(&$0) }
    }
}
