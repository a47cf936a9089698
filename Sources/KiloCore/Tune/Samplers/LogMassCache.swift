import Synchronization

/// ``NormalDistribution/logMass(from:to:)`` remembered by the bits of its standardised ends, for
/// the truncation masses of the Parzen kernels and the integer cells' probabilities: between one
/// suggestion and the next the kernels' centres and bandwidths and the candidates' cells mostly
/// recur, so most of these erfc evaluations are found here instead. A remembered value is the one
/// computed for the same bits, so the densities do not change.
struct LogMassTable {
    /// The table is emptied when it would hold more entries than this (32 MB of slots).
    static let limit = 1 << 19
    /// Four words per slot, so a probe reads one cache line: the bits of a and b, of the mass
    /// (NaN marks an empty slot; a NaN mass is not remembered) and one word of padding.
    private var slots: [UInt64]
    private(set) var count = 0
    /// Evaluations the table answered and ones it computed (for tests).
    private(set) var hits = 0
    private(set) var misses = 0
    private static let empty = Double.nan.bitPattern

    init(capacity: Int = 1 << 12) {
        slots = Self.emptySlots(max(16, capacity).nextPowerOfTwo)
    }

    private static func emptySlots(_ count: Int) -> [UInt64] {
        var slots = [UInt64](repeating: 0, count: 4 * count)
        for slot in 0..<count { slots[4 * slot + 2] = empty }
        return slots
    }

    /// The first slot to probe for (a, b) among `capacity` (a power of two).
    @inline(__always)
    private static func home(_ ka: UInt64, _ kb: UInt64, capacity: Int) -> Int {
        Int(truncatingIfNeeded: ((ka ^ (kb &* 0x9E37_79B9_7F4A_7C15)) &* 0xC2B2_AE3D_27D4_EB4F) >> 32) & (capacity - 1)
    }

    /// log(Φ(b) − Φ(a)); 0 without a lookup when [a, b] covers [−9, 9] (as the function itself).
    /// - Complexity: O(1) expected.
    mutating func logMass(from a: Double, to b: Double) -> Double {
        if a <= -9, b >= 9 { return 0 }
        let (ka, kb) = (a.bitPattern, b.bitPattern)
        let (slot, found) = probe(ka, kb)
        if let found {
            hits += 1
            return found
        }
        misses += 1
        let mass = NormalDistribution.logMass(from: a, to: b)
        guard !mass.isNaN else { return mass }
        if 2 * (count + 1) > slots.count / 4 {
            grow()
            store(mass, ka, kb, at: probe(ka, kb).slot)
        } else {
            store(mass, ka, kb, at: slot)
        }
        return mass
    }

    /// The slot holding (a, b) and its mass, or the empty slot that ends its probe sequence.
    private func probe(_ ka: UInt64, _ kb: UInt64) -> (slot: Int, mass: Double?) {
        let capacity = slots.count / 4
        return slots.withUnsafeBufferPointer { words in
            var slot = Self.home(ka, kb, capacity: capacity)
            while !Double(bitPattern: words[4 &* slot &+ 2]).isNaN {
                if words[4 &* slot] == ka && words[4 &* slot &+ 1] == kb {
                    return (slot, Double(bitPattern: words[4 &* slot &+ 2]))
                }
                slot = (slot &+ 1) & (capacity - 1)
            }
            return (slot, nil)
        }
    }

    /// Puts (a, b) → mass into `slot`, an empty slot from ``probe(_:_:)``.
    private mutating func store(_ mass: Double, _ ka: UInt64, _ kb: UInt64, at slot: Int) {
        slots[4 * slot] = ka
        slots[4 * slot + 1] = kb
        slots[4 * slot + 2] = mass.bitPattern
        count += 1
    }

    /// Twice the slots, the entries moved; emptied instead beyond ``limit``.
    private mutating func grow() {
        let old = slots
        let capacity = 2 * (slots.count / 4)
        let fresh = capacity > 2 * Self.limit
        slots = Self.emptySlots(fresh ? 1 << 12 : capacity)
        count = 0
        guard !fresh else { return }
        for slot in 0..<(old.count / 4) where !Double(bitPattern: old[4 * slot + 2]).isNaN {
            let (ka, kb) = (old[4 * slot], old[4 * slot + 1])
            store(Double(bitPattern: old[4 * slot + 2]), ka, kb, at: probe(ka, kb).slot)
        }
    }
}

/// A ``LogMassTable`` that copies of one ``TPESampler`` share (one suggestion uses it at a time).
final class LogMassCache: Sendable {
    private let table = Mutex(LogMassTable())

    init() {}

    /// Runs `body` with the table locked.
    func withTable<R>(_ body: (inout LogMassTable) -> R) -> R {
        table.withLock { table in body(&table) }
    }
}

extension Int {
    /// The smallest power of two at least `self` (1 for 0 or less).
    var nextPowerOfTwo: Int {
        guard self > 1 else { return 1 }
        return 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}
