import Foundation

/// A Tree-structured Parzen Estimator that behaves like Optuna 5's default `TPESampler`
/// (single objective), re-implemented from its published algorithm:
///
/// 1. While fewer than `startupTrials` trials are complete or pruned, suggest at random (the
///    same suggestion ``RandomSampler`` gives).
/// 2. Otherwise split the n complete and pruned trials into the γ(n) = min(⌈0.1·n⌉, 25) best
///    ("below") and the rest ("above"): complete trials by value; then, if fewer than γ(n) are
///    complete, pruned trials by (most folds done, best running mean); running trials (zombies
///    a resumed study found, Optuna's "constant liar") join "above". Failed trials are ignored.
/// 3. Fit a ``ParzenEstimator`` l(x) to "below" and g(x) to "above" (prior weight 1, magic clip,
///    `default_weights`), draw `candidates` (24) points from l(x) and return the one with the
///    largest log l(x) − log g(x) (the first on ties).
///
/// The kernels follow `rule`: ``ParzenRule/optuna`` is Optuna's estimator exactly; the default
/// ``ParzenRule/kilo`` lets a numeric kernel narrow further (the magic clip's n + 2 scaled by 1.5,
/// capped at 300 instead of 100), keeps at least half a category's weight on the categories
/// a kernel was not fitted to, and weighs l(x)'s observations by rank (the best e⁵ times the
/// worst), which finds better values on the benchmark functions.
///
/// With `multivariate` (the default, as in Optuna 5 for one objective) the kernels are joint:
/// a candidate takes all its dimensions from one kernel and the densities are products over
/// dimensions. With `multivariate = false` each parameter is suggested on its own (Optuna's
/// independent TPE). A trial enters the estimators only if it has a valid value for every
/// parameter of the space.
///
/// All randomness comes from `SplitMix64` seeded by `(seed, trialNumber)`; the same space,
/// history, direction, trial number and seed give the same bits.
public struct TPESampler: TrialSampler {
    /// Complete or pruned trials needed before the model is used.
    public var startupTrials: Int
    /// Candidates drawn from l(x) per suggestion.
    public var candidates: Int
    /// Joint kernels over all parameters (true) or one parameter at a time (false).
    public var multivariate: Bool
    /// The kernels' clip and categorical weights (`tune.tpe_kernels`).
    public let rule: ParzenRule

    /// Trials already encoded, shared by copies of this sampler (each trial of a growing history
    /// is encoded once).
    let memo = EncodingMemo()
    /// Truncation and cell masses already computed, shared the same way.
    let masses = LogMassCache()
    /// g(x)'s kernels, carried from one suggestion to the next, shared the same way.
    let aboveKernels: KernelCache

    /// `tune.tpe_candidates`' default.
    public static let defaultCandidates = 24

    public init(startupTrials: Int = 10, candidates: Int = TPESampler.defaultCandidates, rule: ParzenRule = .kilo) {
        self.startupTrials = startupTrials
        self.candidates = max(candidates, 1)
        self.multivariate = true
        self.rule = rule
        aboveKernels = KernelCache(rule: rule)
    }

    /// Optuna's `default_gamma`: how many trials form l(x) out of n.
    /// - Complexity: O(1).
    public static func gamma(_ n: Int) -> Int { min((n + 9) / 10, 25) }

    /// - Complexity: O(n log n + d·n log n) to split and fit, plus O(c·n·d) to score c candidates
    ///   for n usable trials and d parameters (erfc work for integer parameters is shared among
    ///   equal candidate values and equal kernels).
    public func suggest(
        space: SearchSpace, history: [TrialRecord], direction: StudyDirection, trialNumber: Int, seed: UInt64
    ) -> TrialParameters {
        let domains = space.parameters.map { EncodedDomain($0.domain) }
        var finished = 0
        for index in history.indices where Self.isFinished(history[index].state, history[index].value) {
            finished += 1
        }
        guard finished >= max(startupTrials, 1), !domains.isEmpty else {
            return RandomSampler().suggest(
                space: space, history: history, direction: direction, trialNumber: trialNumber, seed: seed)
        }
        // Kilo's rule weighs l(x)'s observations by rank: they come best first.
        let (belowPositions, abovePositions) = Self.splitIndices(
            history, direction: direction, belowByRank: rule.weighsByRank)
        let schema = EncodedColumns.Schema(names: space.parameters.map(\.name), domains: domains)
        let belowColumns = memo.columns(of: belowPositions, in: history, schema: schema).columns
        // g(x)'s kernels from the cache when the memo holds every "above" trial (with distinct
        // numbers); else fitted here.
        let above: Above
        if let rows = memo.rows(of: abovePositions, in: history, schema: schema), KernelCache.accepts(rows.numbers) {
            above = .kernels(
                Self.withLogMass(masses) { logMass in
                    aboveKernels.kernels(of: rows, schema: schema, logMass: logMass)
                }, count: rows.numbers.count)
        } else {
            above = .columns(memo.columns(of: abovePositions, in: history, schema: schema).columns)
        }
        var generator = SamplerRandom.generator(seed: seed, trialNumber: trialNumber, purpose: .tpe)
        var result: TrialParameters = [:]
        if multivariate {
            let best = Self.bestCandidate(
                below: belowColumns, above: above, dimensions: Array(domains.indices), domains: domains,
                candidates: candidates, rule: rule, masses: masses, using: &generator)
            for (index, parameter) in space.parameters.enumerated() {
                result[parameter.name] = domains[index].decode(best[index])
            }
        } else {
            for (index, parameter) in space.parameters.enumerated() {
                let best = Self.bestCandidate(
                    below: belowColumns, above: above, dimensions: [index], domains: domains,
                    candidates: candidates, rule: rule, masses: masses, using: &generator)
                result[parameter.name] = domains[index].decode(best[0])
            }
        }
        return result
    }

    /// The "above" trials, as g(x) is built from them: their internal values as one column per
    /// parameter, or kernels already fitted (one per parameter) over `count` observations.
    enum Above {
        case columns([[Double]])
        case kernels([ParzenEstimator.Kernels], count: Int)
    }

    /// The best-scoring of `candidates` draws from l(x) over `dimensions`, given the "below" and
    /// "above" trials' internal values as one column per parameter. "below" comes best first when
    /// `rule` weighs l(x) by rank (``splitIndices(_:direction:belowByRank:)``), else in trial order.
    /// - Complexity: O(c·n·|dimensions|) plus the estimators' fits.
    static func bestCandidate(
        below: [[Double]], above: [[Double]], dimensions: [Int], domains: [EncodedDomain], candidates: Int,
        rule: ParzenRule, masses: LogMassCache? = nil, using generator: inout SplitMix64
    ) -> [Double] {
        bestCandidate(
            below: below, above: .columns(above), dimensions: dimensions, domains: domains, candidates: candidates,
            rule: rule, masses: masses, using: &generator)
    }

    /// ``bestCandidate(below:above:dimensions:domains:candidates:rule:masses:using:)`` with g(x) from
    /// `above`'s columns or kernels.
    static func bestCandidate(
        below: [[Double]], above: Above, dimensions: [Int], domains: [EncodedDomain], candidates: Int,
        rule: ParzenRule, masses: LogMassCache? = nil, using generator: inout SplitMix64
    ) -> [Double] {
        let selected = dimensions.map { domains[$0] }
        let (samples, logL, logG) = withLogMass(masses) { logMass in
            let g =
                switch above {
                case .columns(let columns):
                    ParzenEstimator(
                        observations: dimensions.map { columns[$0] }, domains: selected, logMass: logMass, rule: rule)
                case .kernels(let kernels, let count):
                    ParzenEstimator(kernels: dimensions.map { kernels[$0] }, domains: selected, observationCount: count)
                }
            // l(x)'s integer kernels keep their cells' masses where g(x)'s do.
            let cells = g.kernels.map { kernels -> CellMasses? in
                guard case .discrete(let k) = kernels else { return nil }
                return k.cells
            }
            let l = ParzenEstimator(
                observations: dimensions.map { below[$0] }, domains: selected, logMass: logMass, cells: cells,
                rule: rule, weights: rule.belowWeights(count: below.first?.count ?? 0))
            let samples = l.sample(count: candidates, using: &generator)
            let logL = l.logPDF(samples, count: candidates, logMass: logMass)
            return (samples, logL, g.logPDF(samples, count: candidates, logMass: logMass))
        }
        var bestRow = 0
        var bestScore = -Double.infinity
        for row in 0..<candidates {
            let score = logL[row] - logG[row]
            if score > bestScore || (bestScore == -.infinity && row == 0) {
                bestScore = score
                bestRow = row
            }
        }
        let d = dimensions.count
        return Array(samples[(bestRow * d)..<(bestRow * d + d)])
    }

    /// Calls `body` with `masses`' table (locked for the call), or with the plain function.
    private static func withLogMass<R>(
        _ masses: LogMassCache?, _ body: ((Double, Double) -> Double) -> R
    ) -> R {
        guard let masses else { return body(NormalDistribution.logMass(from:to:)) }
        return masses.withTable { table in body { table.logMass(from: $0, to: $1) } }
    }

    /// The internal values of each trial that has a valid value for every parameter, in order,
    /// as rows (``EncodedColumns`` transposed).
    /// - Complexity: O(n·d) for n trials and d parameters.
    static func encode(_ trials: [TrialParameters], space: SearchSpace, domains: [EncodedDomain]) -> [[Double]] {
        let schema = EncodedColumns.Schema(names: space.parameters.map(\.name), domains: domains)
        let encoded = EncodedColumns(trials, schema: schema)
        return (0..<encoded.count).map { row in encoded.columns.map { $0[row] } }
    }

    /// Optuna's `_split_trials` for one objective: (below, above), each in trial-number order.
    /// - Complexity: O(n log n) (a radix sort of the complete trials' values, a sort of the
    ///   pruned trials' keys, one of positions per side when the history is out of order).
    static func split(_ history: [TrialRecord], direction: StudyDirection) -> (below: [TrialRecord], above: [TrialRecord]) {
        let (below, above) = splitIndices(history, direction: direction)
        return (below.map { history[$0] }, above.map { history[$0] })
    }

    /// ``split(_:direction:)`` as positions in `history`; with `belowByRank` "below" comes best
    /// first (complete trials by value, then pruned ones by their score) instead of in trial order.
    /// - Complexity: O(n log n).
    static func splitIndices(
        _ history: [TrialRecord], direction: StudyDirection, belowByRank: Bool = false
    ) -> (below: [Int], above: [Int]) {
        var complete: [Int] = []
        var pruned: [Int] = []
        var running: [Int] = []
        for index in history.indices {
            switch history[index].state {
            case .complete where history[index].value?.isFinite == true: complete.append(index)
            case .pruned: pruned.append(index)
            case .running: running.append(index)
            case .complete, .failed: continue
            }
        }
        var remaining = gamma(complete.count + pruned.count)
        let sign: Double = direction == .minimize ? 1 : -1
        // Keys (value, position): equal values keep trial order, as Python's sorted does.
        let ranked = StableValueOrder.of(complete.map { sign * (history[$0].value ?? 0) }).map { complete[$0] }
        let completeBelow = min(remaining, ranked.count)
        var below = Array(ranked[..<completeBelow])
        var above = Array(ranked[completeBelow...])
        remaining -= completeBelow
        var prunedKeys = pruned.map { (score: prunedScore(history[$0], sign: sign), index: $0) }
        prunedKeys.sort { a, b in
            if a.score.steps != b.score.steps { return a.score.steps < b.score.steps }
            if a.score.value != b.score.value { return a.score.value < b.score.value }
            return a.index < b.index
        }
        let prunedBelow = min(remaining, prunedKeys.count)
        below += prunedKeys[..<prunedBelow].map(\.index)
        above += prunedKeys[prunedBelow...].map(\.index)
        above += running
        // Trial-number order: when the history is already in that order (the usual case), a
        // membership scan gives it in O(n); otherwise sort.
        var inOrder = true
        for index in history.indices.dropFirst() where history[index - 1].number > history[index].number {
            inOrder = false
            break
        }
        if inOrder {
            var side = [UInt8](repeating: 0, count: history.count)
            if !belowByRank { for index in below { side[index] = 1 } }
            for index in above { side[index] = 2 }
            if !belowByRank { below.removeAll(keepingCapacity: true) }
            above.removeAll(keepingCapacity: true)
            for index in history.indices {
                if side[index] == 1 { below.append(index) } else if side[index] == 2 { above.append(index) }
            }
        } else {
            if !belowByRank { below.sort { (history[$0].number, $0) < (history[$1].number, $1) } }
            above.sort { (history[$0].number, $0) < (history[$1].number, $1) }
        }
        return (below, above)
    }

    /// Whether a trial counts as finished for the startup count and γ (complete with a finite
    /// value, or pruned).
    /// - Complexity: O(1) (the state and value are passed, not the record, so no copy of it is made).
    static func isFinished(_ state: TrialState, _ value: Double?) -> Bool {
        state == .pruned || (state == .complete && value?.isFinite == true)
    }

    /// Optuna's `_get_pruned_trial_score`: more folds first, then the better running mean (the
    /// pruner's intermediate value) after the last fold; NaN last among equals; no folds last.
    static func prunedScore(_ trial: TrialRecord, sign: Double) -> (steps: Int, value: Double) {
        guard !trial.foldValues.isEmpty else { return (1, 0) }
        let mean = MedianPruner.runningMean(trial.foldValues, through: trial.foldValues.count - 1)
        return (-(trial.foldValues.count - 1), mean.isNaN ? .infinity : sign * mean)
    }
}
