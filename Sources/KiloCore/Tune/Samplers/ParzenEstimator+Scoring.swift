import Foundation

/// Kernel-major scoring: the mixture density at many candidates, eight candidates side by side
/// (one SIMD lane each) and one kernel after another, so each kernel's parameters are read once
/// per eight candidates and an integer dimension's table entry for eight candidates is one load.
/// Each lane does the operations ``ParzenEstimator/logPDFByCandidate(_:count:far:)`` does for its
/// candidate, in the same order, so the densities are the same bits.
extension ParzenEstimator {
    /// Candidates scored side by side.
    static let lanes = 8
    typealias Lanes = SIMD8<Double>

    /// One dimension's kernel parameters (K per array) and the candidates' values (`width` lanes).
    private enum LanePlan {
        /// μ, 1/σ and the log normaliser per kernel, and the candidates' transformed values.
        case continuous(
            mu: UnsafeBufferPointer<Double>, inverseSigma: UnsafeBufferPointer<Double>,
            normalizer: UnsafeBufferPointer<Double>, values: UnsafePointer<Double>)
        /// Each kernel's pair and the candidates' tables, pair by pair (`width` values per pair).
        case discrete(pairs: UnsafeBufferPointer<Int>, tables: UnsafePointer<Double>)
        /// Each kernel's observed category (−1 for the prior) and the candidates' categories.
        case categorical(
            observed: UnsafeBufferPointer<Int>, values: UnsafePointer<Double>, hit: Double, miss: Double,
            uniform: Double)
    }

    /// The log mixture density at each of `count` candidates (row-major `count × d`): the log
    /// of Σₖ wₖ·Πᵢ kₖᵢ(xᵢ), by log-sum-exp over the kernels.
    /// - Parameter far: Integer cells this many bandwidths from a kernel take a bound of its log
    ///   probability (``DiscreteKernels/Lookup``), checked to be negligible per candidate (else
    ///   recomputed exactly): the result does not depend on it; `.infinity` bounds nothing.
    /// - Parameter logMass: ``NormalDistribution/logMass(from:to:)`` or a table that remembers it.
    /// - Complexity: O(count·K·d) for K kernels, plus O(u·U) erfc evaluations per integer
    ///   dimension for u distinct candidate values and U distinct (centre, bandwidth) pairs that
    ///   are not far apart.
    func logPDF(
        _ candidates: [Double], count: Int, far: Double = DiscreteKernels.Lookup.far,
        logMass: (Double, Double) -> Double = NormalDistribution.logMass(from:to:)
    ) -> [Double] {
        guard count > 0 else { return [] }
        let d = domains.count
        let kernelCount = logWeights.count
        let lanes = Self.lanes
        let width = (count + lanes - 1) / lanes * lanes
        let (constant, lookups) = scoringLookups(candidates, count: count, far: far, logMass: logMass)
        // The candidates' values per dimension (lanes past `count` repeat the last candidate; their
        // results are dropped), then the integer dimensions' tables, pair by pair.
        var offsets: [Int] = []
        var size = d * width
        for dimension in 0..<d {
            offsets.append(size)
            if case .discrete(let k) = kernels[dimension] { size += k.pairMu.count * width }
        }
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var realArrays: [[Double]] = []
        var wholeArrays: [[Int]] = []
        for dimension in 0..<d {
            let values = buffer + dimension * width
            for lane in 0..<width { values[lane] = candidates[min(lane, count - 1) * d + dimension] }
            switch kernels[dimension] {
            case .continuous(let k):
                if k.log { for lane in 0..<width { values[lane] = Foundation.log(values[lane]) } }
                realArrays += [k.bandwidths.mu, k.inverseSigma, k.logNormalizer]
            case .discrete(let k):
                wholeArrays.append(k.pair)
                guard let lookup = lookups[dimension] else { continue }
                let tables = buffer + offsets[dimension]
                for lane in 0..<width {
                    let table = lookup.tables[lookup.tableOfValue[min(lane, count - 1)]]
                    for p in k.pairMu.indices { tables[p * width + lane] = table[p] }
                }
            case .categorical(let k):
                for lane in 0..<width { values[lane] = Double(Int(values[lane])) }
                wholeArrays.append(k.observed)
            }
        }
        var result = [Double](repeating: 0, count: count)
        var terms = [Double](repeating: 0, count: kernelCount * lanes)
        Self.withBuffers(realArrays) { reals in
            Self.withBuffers(wholeArrays) { wholes in
                var plans: [LanePlan] = []
                var (nextReal, nextWhole) = (0, 0)
                for dimension in 0..<d {
                    let values = UnsafePointer(buffer + dimension * width)
                    switch kernels[dimension] {
                    case .continuous:
                        plans.append(
                            .continuous(
                                mu: reals[nextReal], inverseSigma: reals[nextReal + 1], normalizer: reals[nextReal + 2],
                                values: values))
                        nextReal += 3
                    case .discrete:
                        if lookups[dimension] != nil {
                            let tables = UnsafePointer(buffer + offsets[dimension])
                            plans.append(.discrete(pairs: wholes[nextWhole], tables: tables))
                        }
                        nextWhole += 1
                    case .categorical(let k):
                        plans.append(
                            .categorical(
                                observed: wholes[nextWhole], values: values, hit: k.logHit, miss: k.logMiss,
                                uniform: k.logUniform))
                        nextWhole += 1
                    }
                }
                logWeights.withUnsafeBufferPointer { logWeights in
                    terms.withUnsafeMutableBufferPointer { terms in
                        guard let t = terms.baseAddress else { return }
                        for chunk in stride(from: 0, to: width, by: lanes) {
                            let top = Self.laneTerms(
                                chunk: chunk, plans: plans, logWeights: logWeights, width: width, into: t)
                            let sums = Self.laneSums(terms: t, kernels: kernelCount, maximum: top)
                            for lane in 0..<min(lanes, count - chunk) {
                                let index = chunk + lane
                                let (ceiling, bounded) = termCeiling(index, lookups: lookups)
                                let maximum = top[lane]
                                if bounded
                                    && !boundsAreNegligible(index, lookups: lookups, ceiling: ceiling, maximum: maximum)
                                {
                                    var row = [Double](repeating: 0, count: kernelCount)
                                    result[index] = row.withUnsafeMutableBufferPointer { row in
                                        exactLogDensity(
                                            index, candidates: candidates, logWeights: logWeights, constant: constant,
                                            terms: row)
                                    }
                                } else {
                                    let density =
                                        maximum == -.infinity ? -.infinity : maximum + Foundation.log(sums[lane])
                                    result[index] = density + constant
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Calls `body` with a buffer over each of `arrays`, valid for the call.
    private static func withBuffers<T, R>(
        _ arrays: [[T]], from index: Int = 0, _ buffers: [UnsafeBufferPointer<T>] = [],
        _ body: ([UnsafeBufferPointer<T>]) -> R
    ) -> R {
        guard index < arrays.count else { return body(buffers) }
        return arrays[index].withUnsafeBufferPointer { array in
            withBuffers(arrays, from: index + 1, buffers + [array], body)
        }
    }

    /// Kernels whose terms are built together, dimension after dimension (8 KB of terms, which
    /// stay in the L1 cache while each dimension's loop runs over them).
    static let kernelBlock = 128

    /// Writes the K kernel terms of the eight candidates from lane `chunk` on into `terms` (kernel
    /// k's eight at `k · 8`): the log weight, then each dimension's term, added in dimension order.
    /// Kernels go in blocks of ``kernelBlock``, one dimension's loop over the block at a time, so
    /// the dispatch on a dimension's kind is once per block, not once per kernel.
    /// - Returns: Each lane's largest term.
    /// - Complexity: O(K·d).
    private static func laneTerms(
        chunk: Int, plans: [LanePlan], logWeights: UnsafeBufferPointer<Double>, width: Int,
        into terms: UnsafeMutablePointer<Double>
    ) -> Lanes {
        func load(_ p: UnsafePointer<Double>) -> Lanes { UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
        func store(_ value: Lanes, _ k: Int) {
            UnsafeMutableRawPointer(terms + k * lanes).storeBytes(of: value, as: Lanes.self)
        }
        func term(_ k: Int) -> Lanes { load(terms + k * lanes) }
        var top = Lanes(repeating: -.infinity)
        for start in stride(from: 0, to: logWeights.count, by: kernelBlock) {
            let kernels = start..<min(start + kernelBlock, logWeights.count)
            for k in kernels { store(Lanes(repeating: logWeights[k]), k) }
            for plan in plans {
                switch plan {
                case .continuous(let mu, let inverseSigma, let normalizer, let values):
                    let x = load(values + chunk)
                    for k in kernels {
                        let z = (x - Lanes(repeating: mu[k])) * Lanes(repeating: inverseSigma[k])
                        store(term(k) + (Lanes(repeating: normalizer[k]) - 0.5 * z * z), k)
                    }
                case .discrete(let pairs, let tables):
                    for k in kernels { store(term(k) + load(tables + (pairs[k] * width + chunk)), k) }
                case .categorical(let observed, let values, let hit, let miss, let uniform):
                    let x = load(values + chunk)
                    for k in kernels {
                        let category = observed[k]
                        if category < 0 {
                            store(term(k) + Lanes(repeating: uniform), k)
                        } else {
                            let same = x .== Lanes(repeating: Double(category))
                            store(term(k) + Lanes(repeating: miss).replacing(with: hit, where: same), k)
                        }
                    }
                }
            }
            // The larger value per lane (stdlib's `pointwiseMax` on eight lanes is an outlined call).
            for k in kernels {
                let sum = term(k)
                top.replace(with: sum, where: sum .> top)
            }
        }
        return top
    }

    /// Per lane, Σₖ exp(termₖ − maximum) over the K kernels' terms within e^40 of the lane's
    /// `maximum`, added in kernel order (``logSumExp(_:maximum:)``'s sum, lane by lane).
    /// - Complexity: O(K) plus one `exp` per kept term.
    private static func laneSums(terms: UnsafePointer<Double>, kernels: Int, maximum: Lanes) -> Lanes {
        var sums = Lanes(repeating: 0)
        let floor = Lanes(repeating: -logSumExpWindow)
        for k in 0..<kernels {
            let shifted = UnsafeRawPointer(terms + k * lanes).loadUnaligned(as: Lanes.self) - maximum
            let kept = shifted .> floor
            guard any(kept) else { continue }
            for lane in 0..<lanes where kept[lane] { sums[lane] += Foundation.exp(shifted[lane]) }
        }
        return sums
    }
}
