import Foundation
import Synchronization

/// g(x)'s kernels carried from one suggestion to the next.
///
/// Between two suggestions the "above" trials change by one or a few: the newest trial joins, or
/// a trial crosses the γ(n) line. Each numeric kernel's bandwidth depends only on its neighbours
/// in sorted order (and on n through the magic clip, constant from n = 98 on), so a trial joining
/// or leaving changes the bandwidths of at most the kernels beside it. The cache keeps, per
/// dimension, the kernels in trial order and the centres in sorted order, applies the trials
/// that joined and left, and recomputes the bandwidth (and 1/σ and the normaliser) of the
/// kernels around each change: a suggestion at 1,000 trials fits g(x) in O(n) copies and a few
/// erfc lookups instead of a sort, a bandwidth pass and a normaliser per kernel. The kernels are
/// the ones ``ParzenEstimator/fit(_:domain:logMass:cells:)`` gives for the same trials, bit for
/// bit (`KernelCacheTests`). Anything else (another space, a small or much changed set, a trial
/// whose row changed in the memo) fits afresh. Each integer dimension with a small grid also
/// keeps its cells' masses (``CellMasses``), which l(x)'s kernels share. Thread-safe.
final class KernelCache: Sendable {
    /// Below this many observations (where the magic clip still moves with n) or beyond this
    /// many joining and leaving trials, the kernels are fitted afresh.
    static let smallest = 128
    static let mostChanges = 32

    /// The kernels' clip and categorical weights.
    let rule: ParzenRule
    /// ``smallest``, or later when the rule's clip still moves there.
    private let firstCarried: Int

    /// One dimension's carried state, in trial order with the prior last where a kernel array.
    fileprivate struct Dimension {
        /// Internal values (no prior; categorical dimensions only).
        var values: [Double] = []
        /// Transformed centres and bandwidths (+ prior).
        var mu: [Double] = [], sigma: [Double] = []
        /// 1/σ and normalisers (+ prior; real dimensions only).
        var inverseSigma: [Double] = [], logNormalizer: [Double] = []
        /// Transformed centres ascending, ties in trial order, and their trial numbers.
        var sortedValues: [Double] = [], sortedNumbers: [Int] = []
    }

    private struct State {
        var names: [String]
        var domains: [EncodedDomain]
        var generation: Int
        /// The observed trials' numbers, ascending (the kernels' order).
        var numbers: [Int]
        var dimensions: [Dimension]
        /// Per integer dimension with a small grid, its cells' masses (kept across fresh fits).
        var cells: [CellMasses?]
    }

    private let state = Mutex<State?>(nil)

    /// Fits afresh, and kernels carried over, since the cache was made (for tests).
    var counts: (fresh: Int, carried: Int) { tally.withLock { $0 } }
    private let tally = Mutex((fresh: 0, carried: 0))

    init(rule: ParzenRule) {
        self.rule = rule
        firstCarried = max(Self.smallest, rule.clipConstantFrom + 1)
    }

    /// Whether the cache takes trials numbered `numbers` (strictly ascending, as
    /// ``TPESampler/splitIndices(_:direction:)`` gives them for a history with distinct numbers).
    /// - Complexity: O(n).
    static func accepts(_ numbers: [Int]) -> Bool {
        zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }
    }

    /// The kernels of the trials in `rows` (numbers ``accepts(_:)`` takes) for each dimension of
    /// `schema`.
    /// - Parameter logMass: ``NormalDistribution/logMass(from:to:)`` or a table that remembers it.
    /// - Complexity: O(n·d) copies and O((c + 1)·d) bandwidths for c trials joining or leaving;
    ///   a fresh fit's cost otherwise.
    func kernels(
        of rows: EncodingMemo.Rows, schema: EncodedColumns.Schema, logMass: (Double, Double) -> Double
    ) -> [ParzenEstimator.Kernels] {
        let positions = Self.positions(of: rows.numbers)
        let (dimensions, cells, carried) = state.withLock { state -> ([Dimension], [CellMasses?], Bool) in
            let sameSpace = state.map { $0.names == schema.names && $0.domains == schema.domains } ?? false
            if var carried = state, sameSpace, carried.generation == rows.generation,
                let changes = self.changes(from: carried.numbers, to: rows.numbers)
            {
                state = nil
                Self.apply(changes, to: &carried, rows: rows, positions: positions, rule: rule, logMass: logMass)
                state = carried
                return (carried.dimensions, carried.cells, true)
            }
            var fresh = Self.fit(rows, schema: schema, rule: rule, logMass: logMass)
            if sameSpace, let cells = state?.cells { fresh.cells = cells }
            state = fresh
            return (fresh.dimensions, fresh.cells, false)
        }
        tally.withLock { carried ? ($0.carried += 1) : ($0.fresh += 1) }
        return schema.domains.indices.map { index in
            let (dimension, domain) = (dimensions[index], schema.domains[index])
            switch domain {
            case .numeric(let low, let high, let log, let step):
                let (tLow, tHigh) = NumericBandwidths.transformedBounds(low: low, high: high, log: log, step: step)
                guard let step else {
                    let bandwidths = NumericBandwidths(
                        mu: dimension.mu, sigma: dimension.sigma, order: [], low: tLow, high: tHigh)
                    return .continuous(
                        ContinuousKernels(
                            bandwidths, inverseSigma: dimension.inverseSigma, logNormalizer: dimension.logNormalizer,
                            log: log))
                }
                let order = dimension.sortedNumbers.map { positions[$0] }
                let bandwidths = NumericBandwidths(
                    mu: dimension.mu, sigma: dimension.sigma, order: order, low: tLow, high: tHigh)
                return .discrete(
                    DiscreteKernels(
                        bandwidths, low: low, high: high, step: step, log: log, logMass: logMass, cells: cells[index]))
            case .categorical(let choices):
                return .categorical(CategoricalKernels(observed: dimension.values, count: choices.count, rule: rule))
            }
        }
    }

    /// Positions that left `old` and that joined `new` (both ascending), or `nil` when the
    /// kernels should be fitted afresh.
    private func changes(from old: [Int], to new: [Int]) -> (left: [Int], joined: [Int])? {
        guard old.count >= firstCarried, new.count >= firstCarried else { return nil }
        var (i, j) = (0, 0)
        var left: [Int] = []
        var joined: [Int] = []
        while i < old.count || j < new.count {
            if j == new.count || (i < old.count && old[i] < new[j]) {
                left.append(i)
                i += 1
            } else if i == old.count || new[j] < old[i] {
                joined.append(j)
                j += 1
            } else {
                i += 1
                j += 1
            }
            if left.count + joined.count > Self.mostChanges { return nil }
        }
        return (left, joined)
    }

    /// A fresh fit of every dimension (``ParzenEstimator/fit(_:domain:logMass:cells:)``'s bandwidths
    /// and normalisers) as the state that carries it.
    private static func fit(
        _ rows: EncodingMemo.Rows, schema: EncodedColumns.Schema, rule: ParzenRule,
        logMass: (Double, Double) -> Double
    ) -> State {
        let d = schema.domains.count
        var dimensions: [Dimension] = []
        for (index, domain) in schema.domains.enumerated() {
            var dimension = Dimension()
            let values = rows.numbers.map { rows.values[$0 * d + index] }
            switch domain {
            case .numeric(let low, let high, let log, let step):
                let bandwidths = NumericBandwidths(
                    values: values, low: low, high: high, log: log, step: step, rule: rule)
                dimension.mu = bandwidths.mu
                dimension.sigma = bandwidths.sigma
                dimension.sortedValues = bandwidths.order.map { bandwidths.mu[$0] }
                dimension.sortedNumbers = bandwidths.order.map { rows.numbers[$0] }
                if step == nil {
                    let kernels = ContinuousKernels(bandwidths, log: log, logMass: logMass)
                    dimension.inverseSigma = kernels.inverseSigma
                    dimension.logNormalizer = kernels.logNormalizer
                }
            case .categorical: dimension.values = values
            }
            dimensions.append(dimension)
        }
        let cells = schema.domains.map { domain -> CellMasses? in
            guard case .numeric(let low, let high, _, let step?) = domain, step > 0 else { return nil }
            return CellMasses(values: Int(min((high - low) / step, Double(CellMasses.largestGrid)).rounded()) + 1)
        }
        return State(
            names: schema.names, domains: schema.domains, generation: rows.generation, numbers: rows.numbers,
            dimensions: dimensions, cells: cells)
    }

    /// Applies the trials that `changes` lists to `state`; `positions` is ``positions(of:)`` of
    /// `rows.numbers`.
    private static func apply(
        _ changes: (left: [Int], joined: [Int]), to state: inout State, rows: EncodingMemo.Rows, positions: [Int],
        rule: ParzenRule, logMass: (Double, Double) -> Double
    ) {
        let d = state.domains.count
        let (old, new) = (state.numbers, rows.numbers)
        state.numbers = new
        for (index, domain) in state.domains.enumerated() {
            var dimension = state.dimensions[index]
            state.dimensions[index] = Dimension()
            let joinedValues = changes.joined.map { rows.values[new[$0] * d + index] }
            switch domain {
            case .numeric(let low, let high, let log, let step):
                let (tLow, tHigh) = NumericBandwidths.transformedBounds(low: low, high: high, log: log, step: step)
                let continuous = step == nil
                let touched = dimension.move(
                    leaving: changes.left.map { (position: $0, number: old[$0]) },
                    joining: changes.joined.map { (position: $0, number: new[$0]) },
                    centres: joinedValues.map { log ? Foundation.log($0) : $0 }, continuous: continuous)
                dimension.rebandwidth(
                    touched, positions: positions, low: tLow, high: tHigh, continuous: continuous, rule: rule,
                    logMass: logMass)
            case .categorical:
                for position in changes.left.reversed() { dimension.values.remove(at: position) }
                for (position, value) in zip(changes.joined, joinedValues) {
                    dimension.values.insert(value, at: position)
                }
            }
            state.dimensions[index] = dimension
        }
    }

    /// Each number's index in `numbers` (distinct, non-negative), by number.
    /// - Complexity: O(n + largest number).
    static func positions(of numbers: [Int]) -> [Int] {
        var positions = [Int](repeating: -1, count: (numbers.last ?? -1) + 1)
        for (index, number) in numbers.enumerated() { positions[number] = index }
        return positions
    }
}

extension KernelCache.Dimension {
    /// The rank (value, number) has or would take: the first whose (value, number) is not below
    /// it; equal values (−0.0 and 0.0 among them) are ordered by trial number, as a stable sort on
    /// `<` in trial order has them.
    fileprivate func rank(of value: Double, number: Int) -> Int {
        var (low, high) = (0, sortedValues.count)
        while low < high {
            let middle = (low + high) / 2
            let other = sortedValues[middle]
            let below = other < value || (!(value < other) && sortedNumbers[middle] < number)
            if below { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Removes the kernels at `leaving` positions (old trial order) and inserts `joining` ones at
    /// their new positions with transformed `centres`, in both orders (bandwidths left NaN).
    /// - Returns: The (value, number) of each kernel whose neighbours may have changed.
    fileprivate mutating func move(
        leaving: [(position: Int, number: Int)], joining: [(position: Int, number: Int)], centres: [Double],
        continuous: Bool
    ) -> [(value: Double, number: Int)] {
        var touched: [(value: Double, number: Int)] = []
        for (position, number) in leaving.reversed() {
            let value = mu[position]
            let rank = rank(of: value, number: number)
            sortedValues.remove(at: rank)
            sortedNumbers.remove(at: rank)
            for neighbour in [rank - 1, rank] where neighbour >= 0 && neighbour < sortedValues.count {
                touched.append((sortedValues[neighbour], sortedNumbers[neighbour]))
            }
            mu.remove(at: position)
            sigma.remove(at: position)
            if continuous {
                inverseSigma.remove(at: position)
                logNormalizer.remove(at: position)
            }
        }
        for ((position, number), centre) in zip(joining, centres) {
            let rank = rank(of: centre, number: number)
            sortedValues.insert(centre, at: rank)
            sortedNumbers.insert(number, at: rank)
            touched.append((centre, number))
            mu.insert(centre, at: position)
            sigma.insert(.nan, at: position)
            if continuous {
                inverseSigma.insert(.nan, at: position)
                logNormalizer.insert(.nan, at: position)
            }
        }
        return touched
    }

    /// Recomputes the bandwidth of the kernels within two ranks of each `touched` one and of the
    /// two outermost at each end (and for real dimensions 1/σ and the normaliser where it moved).
    fileprivate mutating func rebandwidth(
        _ touched: [(value: Double, number: Int)], positions: [Int], low: Double, high: Double, continuous: Bool,
        rule: ParzenRule, logMass: (Double, Double) -> Double
    ) {
        let n = sortedValues.count
        guard n > 0 else { return }
        var ranks = Set([0, 1, n - 2, n - 1].filter { $0 >= 0 && $0 < n })
        for (value, number) in touched {
            let rank = rank(of: value, number: number)
            for r in max(rank - 2, 0)...min(rank + 2, n - 1) { ranks.insert(r) }
        }
        let minimum = rule.minimumBandwidth(low: low, high: high, count: n)
        sortedValues.withUnsafeBufferPointer { sorted in
            for rank in ranks.sorted() {
                let width = NumericBandwidths.bandwidth(
                    at: rank, of: n, sorted: sorted, low: low, high: high, minimum: minimum)
                let k = positions[sortedNumbers[rank]]
                guard width.bitPattern != sigma[k].bitPattern else { continue }
                sigma[k] = width
                guard continuous else { continue }
                inverseSigma[k] = 1 / width
                logNormalizer[k] = ContinuousKernels.logNormalizer(
                    mu: mu[k], sigma: width, logSigma: Foundation.log(width), low: low, high: high, logMass: logMass)
            }
        }
    }
}
