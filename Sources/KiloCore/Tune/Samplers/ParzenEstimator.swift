import Foundation

/// A mixture of product kernels over some searched dimensions, one kernel per observed trial
/// plus the prior, as Optuna 5's `_ParzenEstimator` builds it:
///
/// - weights: `default_weights(n)` over the observations in trial order (ones below 25,
///   otherwise a linear ramp from 1/n to 1 for the oldest n − 25 and ones for the newest 25), the
///   prior weighted 1, all normalised (``ParzenRule/kilo`` weighs l(x)'s observations by rank
///   instead);
/// - numeric dimensions (log-transformed for log domains, integers widened by ±½): truncated
///   normals on [low, high] centred on the observations with the bandwidth
///   max(gap to the left neighbour, gap to the right neighbour) among the sorted observations
///   and the domain's ends (the outermost observations use their inner gap when there are two or
///   more), clipped to [(high − low)/min(100, n + 2), high − low] (the "magic clip"; ``ParzenRule``
///   may scale the n + 2 and move the 100); the prior is
///   N(mid, high − low); integers take the kernel's mass on [x − ½, x + ½];
/// - categorical dimensions: the observed category gets weight 1 + w, every category w =
///   1/(n + 1) (at least ``ParzenRule/categoryFloor``), normalised per kernel; the prior is uniform.
///
/// Sampling picks one kernel by weight and draws every dimension from it; `logPDF` is the
/// log of the mixture density (log-sum-exp over kernels of the sum over dimensions).
struct ParzenEstimator {
    /// The prior kernel's weight (Optuna's `prior_weight`).
    static let priorWeight = 1.0

    let domains: [EncodedDomain]
    let kernels: [Kernels]
    /// log of each kernel's normalised weight; the prior is last.
    let logWeights: [Double]
    /// The largest of `logWeights`.
    let largestWeight: Double
    /// Running sums of the normalised weights, for sampling a kernel.
    let cumulativeWeights: [Double]

    enum Kernels {
        case continuous(ContinuousKernels)
        case discrete(DiscreteKernels)
        case categorical(CategoricalKernels)
    }

    /// - Parameters:
    ///   - observations: Per dimension, the internal values of the n observed trials in trial order.
    ///   - domains: The dimensions' domains, parallel to `observations`.
    ///   - logMass: ``NormalDistribution/logMass(from:to:)`` or a table that remembers it.
    ///   - cells: Per dimension, where its integer kernels keep their cells' masses, or none.
    ///   - rule: The clip and categorical weights (``ParzenRule``).
    ///   - weights: The observations' weights before the prior's is added and all are
    ///     normalised (``ParzenRule/belowWeights(count:)``); `nil`: `default_weights`.
    /// - Complexity: O(d·n log n) for d dimensions and n observations.
    init(
        observations: [[Double]], domains: [EncodedDomain],
        logMass: (Double, Double) -> Double = NormalDistribution.logMass(from:to:), cells: [CellMasses?] = [],
        rule: ParzenRule, weights: [Double]? = nil
    ) {
        let kernels = domains.indices.map { index in
            Self.fit(
                observations[index], domain: domains[index], logMass: logMass,
                cells: index < cells.count ? cells[index] : nil, rule: rule)
        }
        self.init(
            kernels: kernels, domains: domains, observationCount: observations.first?.count ?? 0, weights: weights)
    }

    /// The mixture of `kernels` (one per dimension of `domains`, each over the same
    /// `observationCount` observations plus the prior), weighted by `weights` (one per
    /// observation) or else by `default_weights`.
    /// - Complexity: O(n).
    init(kernels: [Kernels], domains: [EncodedDomain], observationCount n: Int, weights given: [Double]? = nil) {
        self.domains = domains
        self.kernels = kernels
        var weights = given.flatMap { $0.count == n ? $0 : nil } ?? Self.defaultWeights(n)
        weights.append(Self.priorWeight)
        let total = weights.reduce(0, +)
        var running = 0.0
        var cumulative = [Double](repeating: 0, count: weights.count)
        for index in weights.indices {
            weights[index] /= total
            running += weights[index]
            cumulative[index] = running
        }
        cumulative[cumulative.count - 1] = 1
        logWeights = weights.map { Foundation.log($0) }
        largestWeight = logWeights.max() ?? -.infinity
        cumulativeWeights = cumulative
    }

    /// One dimension's kernels over `values` (its observations' internal values in trial order).
    /// - Complexity: O(n log n) at worst (a sort), O(n) for values spread over their range.
    static func fit(
        _ values: [Double], domain: EncodedDomain, logMass: (Double, Double) -> Double, cells: CellMasses? = nil,
        rule: ParzenRule
    ) -> Kernels {
        switch domain {
        case .numeric(let low, let high, let log, let step):
            let bandwidths = NumericBandwidths(values: values, low: low, high: high, log: log, step: step, rule: rule)
            if let step {
                return .discrete(
                    DiscreteKernels(
                        bandwidths, low: low, high: high, step: step, log: log, logMass: logMass, cells: cells))
            }
            return .continuous(ContinuousKernels(bandwidths, log: log, logMass: logMass))
        case .categorical(let choices):
            return .categorical(CategoricalKernels(observed: values, count: choices.count, rule: rule))
        }
    }

    /// Optuna's `default_weights(n)`.
    /// - Complexity: O(n).
    static func defaultWeights(_ n: Int) -> [Double] {
        guard n >= 25 else { return [Double](repeating: 1, count: n) }
        let rampCount = n - 25
        var weights = [Double](repeating: 1, count: n)
        let start = 1 / Double(n)
        for index in 0..<rampCount {
            weights[index] = rampCount == 1 ? start : start + Double(index) * (1 - start) / Double(rampCount - 1)
        }
        return weights
    }

    /// `count` draws, row-major `count × d` internal values (integers already on their grid).
    /// - Complexity: O(count·(d + log n)).
    func sample(count: Int, using generator: inout SplitMix64) -> [Double] {
        let d = domains.count
        var result = [Double](repeating: 0, count: count * d)
        for row in 0..<count {
            let kernel = pickKernel(generator.nextUnit())
            for column in 0..<d {
                let u = generator.nextUnit()
                result[row * d + column] =
                    switch kernels[column] {
                    case .continuous(let k): k.sample(kernel: kernel, u: u)
                    case .discrete(let k): k.sample(kernel: kernel, u: u)
                    case .categorical(let k): k.sample(kernel: kernel, u: u)
                    }
            }
        }
        return result
    }

    /// The first kernel whose running weight exceeds `u` (binary search).
    private func pickKernel(_ u: Double) -> Int {
        var low = 0
        var high = cumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulativeWeights[middle] > u { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// ``logPDF(_:count:far:logMass:)`` one candidate at a time (the reference the kernel-major scoring in
    /// `ParzenEstimator+Scoring.swift` equals bit for bit): per candidate, the K kernels' log
    /// weights plus their terms over the dimensions, then log-sum-exp (one K-long row at a time,
    /// so it stays in the cache).
    /// - Parameter far: Integer cells this many bandwidths from a kernel take a bound of its log
    ///   probability (``DiscreteKernels/Lookup``), checked to be negligible per candidate (else
    ///   recomputed exactly): the result does not depend on it; `.infinity` bounds nothing.
    /// - Complexity: O(count·K·d) for K kernels, plus O(u·U) erfc evaluations per integer
    ///   dimension for u distinct candidate values and U distinct (centre, bandwidth) pairs that
    ///   are not far apart.
    func logPDFByCandidate(_ candidates: [Double], count: Int, far: Double = DiscreteKernels.Lookup.far) -> [Double] {
        let kernelCount = logWeights.count
        let (constant, lookups) = scoringLookups(
            candidates, count: count, far: far, logMass: NormalDistribution.logMass(from:to:))
        var result = [Double](repeating: 0, count: count)
        var row = [Double](repeating: 0, count: kernelCount)
        logWeights.withUnsafeBufferPointer { logWeights in
            row.withUnsafeMutableBufferPointer { terms in
                for index in 0..<count {
                    kernelTerms(index, candidates: candidates, logWeights: logWeights, lookups: lookups, into: terms)
                    let (ceiling, bounded) = termCeiling(index, lookups: lookups)
                    let maximum = Self.maximum(terms)
                    if bounded && !boundsAreNegligible(index, lookups: lookups, ceiling: ceiling, maximum: maximum) {
                        result[index] = exactLogDensity(
                            index, candidates: candidates, logWeights: logWeights, constant: constant, terms: terms)
                    } else {
                        result[index] = Self.logSumExp(terms, maximum: maximum) + constant
                    }
                }
            }
        }
        return result
    }

    /// Candidate `index`'s log density with every integer table exact (no bounds), its kernel
    /// terms written to `terms` (K values) on the way.
    /// - Complexity: O(K·d) plus O(U) erfc evaluations per integer dimension.
    func exactLogDensity(
        _ index: Int, candidates: [Double], logWeights: UnsafeBufferPointer<Double>, constant: Double,
        terms: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        kernelTerms(index, candidates: candidates, logWeights: logWeights, lookups: nil, into: terms)
        return Self.logSumExp(terms, maximum: Self.maximum(terms)) + constant
    }

    /// The constant every density adds (−log√(2π) per real dimension) and, per integer
    /// dimension, the candidates' tables (``DiscreteKernels/Lookup``, bounds `far` bandwidths
    /// away, masses from `logMass`); `nil` for the other dimensions.
    /// - Complexity: O(d·count) plus the integer tables' erfc work.
    func scoringLookups(
        _ candidates: [Double], count: Int, far: Double, logMass: (Double, Double) -> Double
    ) -> (constant: Double, lookups: [DiscreteKernels.Lookup?]) {
        let d = domains.count
        var constant = 0.0
        var lookups: [DiscreteKernels.Lookup?] = []
        for dimension in 0..<d {
            switch kernels[dimension] {
            case .continuous:
                constant -= NormalDistribution.logRootTwoPi
                lookups.append(nil)
            case .discrete(let k):
                lookups.append(k.lookup((0..<count).map { candidates[$0 * d + dimension] }, far: far, logMass: logMass))
            case .categorical: lookups.append(nil)
            }
        }
        return (constant, lookups)
    }

    /// Writes candidate `index`'s K kernel terms (log weight plus each dimension's term) into
    /// `terms`, integer dimensions from `lookups`' tables, or from exact tables when `lookups` is
    /// `nil`.
    /// - Complexity: O(K·d), plus O(U) erfc evaluations per integer dimension without `lookups`.
    func kernelTerms(
        _ index: Int, candidates: [Double], logWeights: UnsafeBufferPointer<Double>,
        lookups: [DiscreteKernels.Lookup?]?, into terms: UnsafeMutableBufferPointer<Double>
    ) {
        let d = domains.count
        for kernel in 0..<terms.count { terms[kernel] = logWeights[kernel] }
        for dimension in 0..<d {
            let x = candidates[index * d + dimension]
            switch kernels[dimension] {
            case .continuous(let k): k.add(x, into: terms)
            case .discrete(let k):
                if let lookups {
                    if let lookup = lookups[dimension] { k.add(lookup.tables[lookup.tableOfValue[index]], into: terms) }
                } else {
                    k.add(k.exactTable(x), into: terms)
                }
            case .categorical(let k): k.add(x, into: terms)
            }
        }
    }

    /// An upper bound of every kernel term of candidate `index` (the largest weight plus each
    /// dimension's largest term, integer dimensions' from `lookups`' tables), and whether a far
    /// pair's bound stands in for an exact table entry.
    /// - Complexity: O(d).
    func termCeiling(_ index: Int, lookups: [DiscreteKernels.Lookup?]) -> (ceiling: Double, bounded: Bool) {
        var ceiling = largestWeight
        var bounded = false
        for dimension in domains.indices {
            switch kernels[dimension] {
            case .continuous(let k): ceiling += k.largestTerm
            case .discrete:
                if let lookup = lookups[dimension] {
                    let table = lookup.tableOfValue[index]
                    ceiling += lookup.largest[table]
                    bounded = bounded || lookup.largestBound[table] > -.infinity
                }
            case .categorical(let k): ceiling += k.largestTerm
            }
        }
        return (ceiling, bounded)
    }

    /// Whether every kernel whose term for candidate `index` took a far pair's bound (in some
    /// integer dimension) lies more than e^41 below the largest kernel term, `maximum`: its bound,
    /// plus every other dimension's largest term and the largest weight, is that far below. Then
    /// such kernels are left out of log-sum-exp whether they take the bound or their exact value
    /// (which is lower), the largest term is an exact one, and the density is the exact density
    /// bit for bit.
    /// - Complexity: O(d).
    func boundsAreNegligible(
        _ index: Int, lookups: [DiscreteKernels.Lookup?], ceiling: Double, maximum: Double
    ) -> Bool {
        guard maximum.isFinite else { return false }
        for case let lookup? in lookups {
            let table = lookup.tableOfValue[index]
            let bound = lookup.largestBound[table]
            guard bound > -.infinity else { continue }
            // A margin of 1 over the log-sum-exp window covers the rounding of these sums.
            let floor = maximum - (Self.logSumExpWindow + 1)
            guard bound + (ceiling - lookup.largest[table]) <= floor else { return false }
        }
        return true
    }

    /// The largest of `terms` (−∞ for none), taken four lanes at a time (exact in any order).
    /// - Complexity: O(K).
    static func maximum(_ terms: UnsafeMutableBufferPointer<Double>) -> Double {
        guard let base = terms.baseAddress else { return -.infinity }
        let n = terms.count
        let vectorEnd = n - n % 4
        var lanes = SIMD4<Double>(repeating: -.infinity)
        for k in stride(from: 0, to: vectorEnd, by: 4) {
            lanes = pointwiseMax(lanes, UnsafeRawPointer(base + k).loadUnaligned(as: SIMD4<Double>.self))
        }
        var maximum = lanes.max()
        for k in vectorEnd..<n { maximum = max(maximum, base[k]) }
        return maximum
    }

    /// How far below the largest term, in log units, a term still enters log-sum-exp: a term
    /// below e^-40 of the largest changes the sum by less than its rounding.
    static let logSumExpWindow = 40.0

    /// log Σ exp(terms) given their largest, `maximum`: the terms within e^40 of it
    /// (``logSumExpWindow``) are added in their order; −∞ when every term is.
    /// - Complexity: O(K).
    static func logSumExp(_ terms: UnsafeMutableBufferPointer<Double>, maximum: Double) -> Double {
        guard let base = terms.baseAddress, maximum != -.infinity else { return -.infinity }
        let n = terms.count
        let vectorEnd = n - n % 4
        var sum = 0.0
        let shift = SIMD4<Double>(repeating: maximum)
        let floor = SIMD4<Double>(repeating: -logSumExpWindow)
        for k in stride(from: 0, to: vectorEnd, by: 4) {
            let shifted = UnsafeRawPointer(base + k).loadUnaligned(as: SIMD4<Double>.self) - shift
            let kept = shifted .> floor
            guard any(kept) else { continue }
            for lane in 0..<4 where kept[lane] { sum += Foundation.exp(shifted[lane]) }
        }
        for k in vectorEnd..<n {
            let shifted = base[k] - maximum
            if shifted > -logSumExpWindow { sum += Foundation.exp(shifted) }
        }
        return maximum + Foundation.log(sum)
    }
}

/// The centres and bandwidths of one numeric dimension's kernels, the prior last, in the
/// transformed space (log for log domains; integers widened by ±½ before the log).
struct NumericBandwidths {
    var mu: [Double]
    var sigma: [Double]
    /// The observations' positions (not the prior's) in ascending order, ties in trial order.
    var order: [Int]
    /// The transformed (widened) bounds.
    var low: Double
    var high: Double

    init(mu: [Double], sigma: [Double], order: [Int], low: Double, high: Double) {
        (self.mu, self.sigma, self.order, self.low, self.high) = (mu, sigma, order, low, high)
    }

    /// A numeric domain's bounds in the kernels' space: widened by half a step, then logged for
    /// log domains.
    static func transformedBounds(low: Double, high: Double, log: Bool, step: Double?) -> (low: Double, high: Double) {
        let (low, high) = (low - (step ?? 0) / 2, high + (step ?? 0) / 2)
        return log ? (Foundation.log(low), Foundation.log(high)) : (low, high)
    }

    /// The bandwidth of the observation at `rank` among n sorted ones (n ≥ 1): the larger gap to
    /// its neighbours (the domain's ends beyond the outermost; the outermost of two or more use
    /// their inner gap), clipped to [minimum, high − low].
    /// - Complexity: O(1).
    @inline(__always)
    static func bandwidth(
        at rank: Int, of n: Int, sorted: UnsafeBufferPointer<Double>, low: Double, high: Double, minimum: Double
    ) -> Double {
        let here = sorted[rank]
        let left = rank == 0 ? low : sorted[rank - 1]
        let right = rank == n - 1 ? high : sorted[rank + 1]
        var gap = max(here - left, right - here)
        if n >= 2, rank == 0 { gap = sorted[1] - here }
        if n >= 2, rank == n - 1 { gap = here - sorted[n - 2] }
        return min(max(gap, minimum), high - low)
    }

    /// - Complexity: O(n log n).
    init(values: [Double], low rawLow: Double, high rawHigh: Double, log: Bool, step: Double?, rule: ParzenRule) {
        let (low, high) = Self.transformedBounds(low: rawLow, high: rawHigh, log: log, step: step)
        var centres = values
        if log {
            for index in centres.indices { centres[index] = Foundation.log(centres[index]) }
        }
        let n = centres.count
        var sigmas = [Double](repeating: 0, count: n)
        // One stable sort of (value, trial position) pairs: ties keep trial order. Whole numbers
        // sort by counting (on the untransformed values: the log keeps their order and ties).
        let order =
            step == nil
            ? StableValueOrder.of(centres)
            : StableValueOrder.ofIntegers(values, low: rawLow, high: rawHigh) ?? StableValueOrder.of(centres)
        if n > 0 {
            let sorted = order.map { centres[$0] }
            let minimum = rule.minimumBandwidth(low: low, high: high, count: n)
            sorted.withUnsafeBufferPointer { sorted in
                for rank in 0..<n {
                    sigmas[order[rank]] = Self.bandwidth(
                        at: rank, of: n, sorted: sorted, low: low, high: high, minimum: minimum)
                }
            }
        }
        centres.append(0.5 * (low + high))
        sigmas.append(high - low)
        mu = centres
        sigma = sigmas
        self.order = order
        self.low = low
        self.high = high
    }
}
