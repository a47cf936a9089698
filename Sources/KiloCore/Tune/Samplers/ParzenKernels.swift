import Foundation

/// Truncated-normal kernels of a real dimension (log-normal in effect for log domains: the
/// density is taken in log space, the same for l(x) and g(x)).
final class ContinuousKernels {
    /// The kernels' centres and bandwidths and the (transformed) bounds.
    let bandwidths: NumericBandwidths
    let inverseSigma: [Double]
    /// −log σ − log(mass of N(μ, σ²) on [low, high]) per kernel.
    let logNormalizer: [Double]
    /// The largest of `logNormalizer`: no kernel's term exceeds it.
    let largestTerm: Double
    let log: Bool

    /// - Parameter logMass: ``NormalDistribution/logMass(from:to:)`` or a table that remembers it.
    /// - Complexity: O(K) erfc evaluations (only for kernels within 9σ of an end).
    init(
        _ bandwidths: NumericBandwidths, log: Bool,
        logMass: (Double, Double) -> Double = NormalDistribution.logMass(from:to:)
    ) {
        self.bandwidths = bandwidths
        inverseSigma = bandwidths.sigma.map { 1 / $0 }
        self.log = log
        let (mu, sigma) = (bandwidths.mu, bandwidths.sigma)
        var normalizer = [Double](repeating: 0, count: mu.count)
        // Most bandwidths are the clipped minimum: their logarithm is taken once.
        var lastSigma = Double.nan
        var lastLogSigma = Double.nan
        for k in mu.indices {
            if sigma[k] != lastSigma {
                lastSigma = sigma[k]
                lastLogSigma = Foundation.log(sigma[k])
            }
            normalizer[k] = Self.logNormalizer(
                mu: mu[k], sigma: sigma[k], logSigma: lastLogSigma, low: bandwidths.low, high: bandwidths.high,
                logMass: logMass)
        }
        logNormalizer = normalizer
        largestTerm = normalizer.max() ?? -.infinity
    }

    /// Kernels whose 1/σ and normalisers were computed elsewhere (``KernelCache``), as
    /// ``init(_:log:logMass:)`` computes them.
    /// - Complexity: O(K) (the largest normaliser).
    init(_ bandwidths: NumericBandwidths, inverseSigma: [Double], logNormalizer: [Double], log: Bool) {
        self.bandwidths = bandwidths
        self.inverseSigma = inverseSigma
        self.logNormalizer = logNormalizer
        self.log = log
        largestTerm = logNormalizer.max() ?? -.infinity
    }

    /// −log σ − log(mass of N(μ, σ²) on [low, high]), given log σ.
    /// - Complexity: O(1): an erfc evaluation (or a lookup) only within 9σ of an end.
    @inline(__always)
    static func logNormalizer(
        mu: Double, sigma: Double, logSigma: Double, low: Double, high: Double, logMass: (Double, Double) -> Double
    ) -> Double {
        -logSigma - logMass((low - mu) / sigma, (high - mu) / sigma)
    }

    /// A draw from kernel `kernel` (in the parameter's own units).
    func sample(kernel: Int, u: Double) -> Double {
        let x = TruncatedNormal.sample(
            mu: bandwidths.mu[kernel], sigma: bandwidths.sigma[kernel], low: bandwidths.low, high: bandwidths.high, u: u)
        return log ? Foundation.exp(x) : x
    }

    /// Adds each kernel's log density (without −log√(2π)) at `raw` to `terms` (one per kernel).
    /// - Complexity: O(K).
    func add(_ raw: Double, into terms: UnsafeMutableBufferPointer<Double>) {
        let x = log ? Foundation.log(raw) : raw
        bandwidths.mu.withUnsafeBufferPointer { mu in
            inverseSigma.withUnsafeBufferPointer { inverseSigma in
                logNormalizer.withUnsafeBufferPointer { logNormalizer in
                    guard let t = terms.baseAddress, let m = mu.baseAddress, let i = inverseSigma.baseAddress,
                        let l = logNormalizer.baseAddress
                    else { return }
                    let n = terms.count
                    let vectorEnd = n - n % 4
                    let xs = SIMD4<Double>(repeating: x)
                    // Four kernels at a time, each lane the same operations as the scalar tail.
                    for k in stride(from: 0, to: vectorEnd, by: 4) {
                        let z =
                            (xs - UnsafeRawPointer(m + k).loadUnaligned(as: SIMD4<Double>.self))
                            * UnsafeRawPointer(i + k).loadUnaligned(as: SIMD4<Double>.self)
                        let term = UnsafeRawPointer(l + k).loadUnaligned(as: SIMD4<Double>.self) - 0.5 * z * z
                        let sum = UnsafeRawPointer(t + k).loadUnaligned(as: SIMD4<Double>.self) + term
                        UnsafeMutableRawPointer(t + k).storeBytes(of: sum, as: SIMD4<Double>.self)
                    }
                    for k in vectorEnd..<n {
                        let z = (x - m[k]) * i[k]
                        t[k] += l[k] - 0.5 * z * z
                    }
                }
            }
        }
    }
}

/// Kernels of an integer dimension: truncated normals on [low − ½, high + ½] (in log space for
/// log domains) whose probability of the integer x is their mass on [x − ½, x + ½].
final class DiscreteKernels {
    /// The kernels' centres and bandwidths and the transformed widened bounds.
    let bandwidths: NumericBandwidths
    /// Each kernel's index into the distinct (μ, σ) pairs.
    let pair: [Int]
    let pairMu: [Double]
    let pairSigma: [Double]
    /// log of each distinct pair's mass on the widened domain.
    let pairLogMass: [Double]
    /// On a linear grid of whole numbers: each pair's index among the distinct bandwidths (−1 for
    /// a centre that is not a whole number, the prior's midpoint perhaps) and how many there are;
    /// a cell's standardised ends then depend only on (x − μ, that index). `nil` otherwise.
    let gridWidths: (ofPair: [Int], count: Int)?
    let low: Double
    let high: Double
    let step: Double
    let log: Bool
    /// Cell masses carried between suggestions (``KernelCache``'s kernels), or `nil`.
    let cells: CellMasses?

    /// - Parameter logMass: ``NormalDistribution/logMass(from:to:)`` or a table that remembers it.
    /// - Parameter cells: Where ``lookup(_:far:logMass:)`` keeps the cells' masses for later
    ///   suggestions (its grid must be this dimension's), or `nil`.
    /// - Complexity: O(K) plus O(U) erfc evaluations for U distinct (centre, bandwidth) pairs.
    init(
        _ bandwidths: NumericBandwidths, low: Double, high: Double, step: Double, log: Bool,
        logMass: (Double, Double) -> Double = NormalDistribution.logMass(from:to:), cells: CellMasses? = nil
    ) {
        self.cells = cells
        self.bandwidths = bandwidths
        self.low = low
        self.high = high
        self.step = step
        self.log = log
        let centres = bandwidths.mu
        let widths = bandwidths.sigma
        // The observations in ascending order put equal centres side by side; a run of equal
        // centres has at most three distinct bandwidths (its ends' gaps and the clipped zero).
        var pair = [Int](repeating: 0, count: centres.count)
        var pairMu: [Double] = []
        var pairSigma: [Double] = []
        var runStart = 0
        for (rank, k) in bandwidths.order.enumerated() {
            if rank == 0 || centres[k] != pairMu[pairMu.count - 1] { runStart = pairMu.count }
            var found = -1
            for p in runStart..<pairMu.count where pairSigma[p] == widths[k] {
                found = p
                break
            }
            if found < 0 {
                pairMu.append(centres[k])
                pairSigma.append(widths[k])
                found = pairMu.count - 1
            }
            pair[k] = found
        }
        // The prior (last) keeps a pair of its own.
        pairMu.append(centres[centres.count - 1])
        pairSigma.append(widths[widths.count - 1])
        pair[centres.count - 1] = pairMu.count - 1
        self.pair = pair
        self.pairMu = pairMu
        self.pairSigma = pairSigma
        pairLogMass = zip(pairMu, pairSigma).map { m, s in
            logMass((bandwidths.low - m) / s, (bandwidths.high - m) / s)
        }
        var distinct: [Double] = []
        let ofPair = zip(pairMu, pairSigma).map { m, s in
            guard m.rounded() == m, abs(m) < 0x1p40 else { return -1 }
            if let index = distinct.firstIndex(of: s) { return index }
            distinct.append(s)
            return distinct.count - 1
        }
        gridWidths = !log && step == 1 && !distinct.isEmpty ? (ofPair, distinct.count) : nil
    }

    /// A draw from kernel `kernel`, rounded onto the grid low, low + step, … and clipped.
    func sample(kernel: Int, u: Double) -> Double {
        var x = TruncatedNormal.sample(
            mu: bandwidths.mu[kernel], sigma: bandwidths.sigma[kernel], low: bandwidths.low, high: bandwidths.high, u: u)
        if log { x = Foundation.exp(x) }
        return min(max(low + ((x - low) / step).rounded() * step, low), high)
    }

    /// Each distinct value's log probability under each distinct (μ, σ) pair, and which of
    /// these tables each of `values` uses.
    ///
    /// A pair whose kernel lies at least `far` bandwidths from the value's cell gets an
    /// upper bound of its log probability instead (−z²/2 − log√(2π) at the cell's nearer end, less
    /// the pair's log mass, above the exact value by more than log 20): evaluating the tail there
    /// is most of a table's cost, and such a kernel is never within e^40 of the mixture's largest
    /// term. `ParzenEstimator.logPDF` checks that for each candidate and falls back to
    /// ``exactTable(_:)`` when it cannot show it, so the densities are the exact ones, bit for bit.
    struct Lookup {
        let tableOfValue: [Int]
        let tables: [[Double]]
        /// Per table, its largest bound (−∞ when every entry is exact).
        let largestBound: [Double]
        /// Per table, its largest entry (bounds included).
        let largest: [Double]
        /// How many bandwidths away a cell's nearer end must be for a bound (by default).
        static let far = 20.0
    }

    /// The erfc-based masses of `values`, evaluated once per distinct value and distinct (μ, σ)
    /// (and, on a linear grid, once per distinct pair of standardised cell ends), with bounds for
    /// pairs at least `far` bandwidths away (see ``Lookup``; `.infinity`: every entry exact);
    /// `logMass` is ``NormalDistribution/logMass(from:to:)`` or a table that remembers it.
    /// - Complexity: O(values·u + u·U) for u distinct values and U distinct pairs.
    func lookup(
        _ values: [Double], far: Double = Lookup.far,
        logMass: (Double, Double) -> Double = NormalDistribution.logMass(from:to:)
    ) -> Lookup {
        guard let cells else {
            return lookup(values, far: far, logMass: logMass, carried: nil, slots: [], capacity: 0, grid: 0)
        }
        return cells.withStore { store in
            let slots = store.slots(mu: pairMu, sigma: pairSigma)
            let capacity = store.capacity
            return store.withMasses { carried in
                lookup(
                    values, far: far, logMass: logMass, carried: carried, slots: slots, capacity: capacity,
                    grid: cells.values)
            }
        }
    }

    /// ``lookup(_:far:logMass:)``, reading and keeping cell masses in `carried` (value v's pair
    /// p at `v · capacity + slots[p]` for the `grid` values low, low + step, …) when given.
    private func lookup(
        _ values: [Double], far: Double, logMass: (Double, Double) -> Double,
        carried: UnsafeMutableBufferPointer<Double>?, slots: [Int], capacity: Int, grid: Int
    ) -> Lookup {
        var seen: [Double] = []
        var tables: [[Double]] = []
        var largestBound: [Double] = []
        var largest: [Double] = []
        var tableOfValue: [Int] = []
        // On a linear grid a cell's standardised ends repeat across kernels with the same
        // bandwidth: (x − ½ − μ)/σ is exactly (o − ½)/σ for the whole-number offset o = x − μ.
        // Each mass is computed once per (o, bandwidth), kept in a table by both (NaN: not yet),
        // when that table is small.
        let span = Int(min(high - low, Double(1 << 20)))
        let offsets = 2 * span + 1
        let ofPair = gridWidths?.ofPair ?? []
        let cells = (gridWidths?.count ?? 0) * offsets
        var masses = cells <= 1 << 12 ? [Double](repeating: .nan, count: cells) : []
        for x in values {
            if let index = seen.firstIndex(of: x) {
                tableOfValue.append(index)
                continue
            }
            let left = log ? Foundation.log(x - step / 2) : x - step / 2
            let right = log ? Foundation.log(x + step / 2) : x + step / 2
            var fresh = [Double](repeating: 0, count: pairMu.count)
            var bound = -Double.infinity
            // The shared masses apply to whole-number values only.
            let shared = !masses.isEmpty && x.rounded() == x
            // The carried masses apply to the grid's own values only.
            let k = ((x - low) / step).rounded()
            let row = carried != nil && k >= 0 && k < Double(grid) && low + k * step == x ? Int(k) * capacity : -1
            for p in pairMu.indices {
                let a = (left - pairMu[p]) / pairSigma[p]
                let b = (right - pairMu[p]) / pairSigma[p]
                if b <= -far || a >= far {
                    let z = b <= -far ? b : a
                    fresh[p] = -0.5 * z * z - NormalDistribution.logRootTwoPi - pairLogMass[p]
                    bound = max(bound, fresh[p])
                    continue
                }
                var mass = Double.nan
                if row >= 0, let carried { mass = carried[row + slots[p]] }
                if mass.isNaN {
                    let width = shared ? ofPair[p] : -1
                    let offset = x - pairMu[p]
                    let slot = width >= 0 && abs(offset) <= Double(span) ? width * offsets + Int(offset) + span : -1
                    if slot >= 0 { mass = masses[slot] }
                    if mass.isNaN {
                        mass = logMass(a, b)
                        if slot >= 0 { masses[slot] = mass }
                    }
                    if row >= 0, let carried { carried[row + slots[p]] = mass }
                }
                fresh[p] = mass - pairLogMass[p]
            }
            seen.append(x)
            tables.append(fresh)
            largestBound.append(bound)
            largest.append(fresh.max() ?? -.infinity)
            tableOfValue.append(tables.count - 1)
        }
        return Lookup(tableOfValue: tableOfValue, tables: tables, largestBound: largestBound, largest: largest)
    }

    /// The exact table of value `x` (no bounds), as ``lookup(_:far:)`` computes its entries.
    /// - Complexity: O(U) erfc evaluations.
    func exactTable(_ x: Double) -> [Double] {
        lookup([x], far: .infinity).tables[0]
    }

    /// Adds each kernel's log probability of a value, given that value's `table` from
    /// ``lookup(_:)``, to `terms` (one per kernel).
    /// - Complexity: O(K).
    func add(_ table: [Double], into terms: UnsafeMutableBufferPointer<Double>) {
        table.withUnsafeBufferPointer { table in
            pair.withUnsafeBufferPointer { pair in
                for k in 0..<terms.count { terms[k] += table[pair[k]] }
            }
        }
    }
}

/// Kernels of a categorical dimension: kernel i puts weight 1 + w on its observed category and
/// w = prior/(n + 1), at least the rule's ``ParzenRule/categoryFloor``, on every category
/// (normalised); the prior kernel is uniform.
final class CategoricalKernels {
    /// Each kernel's observed category index; −1 for the prior.
    let observed: [Int]
    let count: Int
    /// Probability of the observed category and of any other under an observation kernel.
    let hit: Double
    let miss: Double
    /// log of `hit`, of `miss` and of the prior's 1/count.
    let logHit: Double
    let logMiss: Double
    let logUniform: Double
    /// The largest term a kernel gives any category.
    var largestTerm: Double { max(logHit, logMiss, logUniform) }

    /// - Complexity: O(K).
    init(observed values: [Double], count: Int, rule: ParzenRule) {
        observed = values.map { Int($0) } + [-1]
        self.count = count
        let w = rule.categoryWeight(observations: values.count)
        let total = Double(count) * w + 1
        let (hit, miss) = ((w + 1) / total, w / total)
        self.hit = hit
        self.miss = miss
        logHit = Foundation.log(hit)
        logMiss = Foundation.log(miss)
        logUniform = -Foundation.log(Double(count))
    }

    /// A draw (category index) from kernel `kernel`.
    func sample(kernel: Int, u: Double) -> Double {
        let chosen = observed[kernel]
        if chosen < 0 { return Double(min(Int(u * Double(count)), count - 1)) }
        var running = 0.0
        for category in 0..<count {
            running += category == chosen ? hit : miss
            if u < running { return Double(category) }
        }
        return Double(count - 1)
    }

    /// Adds each kernel's log probability of category `x` to `terms` (one per kernel).
    /// - Complexity: O(K).
    func add(_ x: Double, into terms: UnsafeMutableBufferPointer<Double>) {
        let category = Int(x)
        let (logHit, logMiss, logUniform) = (self.logHit, self.logMiss, self.logUniform)
        observed.withUnsafeBufferPointer { observed in
            for k in 0..<terms.count {
                let chosen = observed[k]
                terms[k] += chosen < 0 ? logUniform : (chosen == category ? logHit : logMiss)
            }
        }
    }
}
