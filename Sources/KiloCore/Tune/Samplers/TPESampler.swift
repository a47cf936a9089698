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

    public init(startupTrials: Int = 10, candidates: Int = 24) {
        self.startupTrials = startupTrials
        self.candidates = max(candidates, 1)
        self.multivariate = true
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
        let finished = history.filter { $0.state == .pruned || ($0.state == .complete && $0.value?.isFinite == true) }
        guard finished.count >= max(startupTrials, 1), !domains.isEmpty else {
            return RandomSampler().suggest(
                space: space, history: history, direction: direction, trialNumber: trialNumber, seed: seed)
        }
        let (below, above) = Self.split(history, direction: direction)
        let belowRows = Self.encode(below, space: space, domains: domains)
        let aboveRows = Self.encode(above, space: space, domains: domains)
        var generator = SamplerRandom.generator(seed: seed, trialNumber: trialNumber, purpose: .tpe)
        var result: TrialParameters = [:]
        if multivariate {
            let best = Self.bestCandidate(
                below: belowRows, above: aboveRows, dimensions: Array(domains.indices), domains: domains,
                candidates: candidates, using: &generator)
            for (index, parameter) in space.parameters.enumerated() {
                result[parameter.name] = domains[index].decode(best[index])
            }
        } else {
            for (index, parameter) in space.parameters.enumerated() {
                let best = Self.bestCandidate(
                    below: belowRows, above: aboveRows, dimensions: [index], domains: domains,
                    candidates: candidates, using: &generator)
                result[parameter.name] = domains[index].decode(best[0])
            }
        }
        return result
    }

    /// The best-scoring of `candidates` draws from l(x) over `dimensions`.
    /// - Complexity: O(c·n·|dimensions|) plus the estimators' fits.
    static func bestCandidate(
        below: [[Double]], above: [[Double]], dimensions: [Int], domains: [EncodedDomain], candidates: Int,
        using generator: inout SplitMix64
    ) -> [Double] {
        let selected = dimensions.map { domains[$0] }
        let l = ParzenEstimator(observations: dimensions.map { column(below, $0) }, domains: selected)
        let g = ParzenEstimator(observations: dimensions.map { column(above, $0) }, domains: selected)
        let samples = l.sample(count: candidates, using: &generator)
        let logL = l.logPDF(samples, count: candidates)
        let logG = g.logPDF(samples, count: candidates)
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

    /// Column `index` of row-major trial rows.
    private static func column(_ rows: [[Double]], _ index: Int) -> [Double] { rows.map { $0[index] } }

    /// The internal values of each trial that has a valid value for every parameter, in order.
    /// - Complexity: O(n·d).
    static func encode(_ trials: [TrialRecord], space: SearchSpace, domains: [EncodedDomain]) -> [[Double]] {
        trials.compactMap { trial in
            var row: [Double] = []
            row.reserveCapacity(domains.count)
            for (index, parameter) in space.parameters.enumerated() {
                guard let value = trial.parameters[parameter.name], let x = domains[index].encode(value) else {
                    return nil
                }
                row.append(x)
            }
            return row
        }
    }

    /// Optuna's `_split_trials` for one objective: (below, above), each in trial-number order.
    /// - Complexity: O(n log n) (one sort of the complete trials, one of the pruned).
    static func split(_ history: [TrialRecord], direction: StudyDirection) -> (below: [TrialRecord], above: [TrialRecord]) {
        var complete: [TrialRecord] = []
        var pruned: [TrialRecord] = []
        var running: [TrialRecord] = []
        for trial in history {
            switch trial.state {
            case .complete where trial.value?.isFinite == true: complete.append(trial)
            case .pruned: pruned.append(trial)
            case .running: running.append(trial)
            case .complete, .failed: continue
            }
        }
        var remaining = gamma(complete.count + pruned.count)
        let sign: Double = direction == .minimize ? 1 : -1
        // Stable: equal values keep trial order, as Python's sorted does.
        let sortedComplete = complete.enumerated().sorted { a, b in
            let (x, y) = (sign * (a.element.value ?? 0), sign * (b.element.value ?? 0))
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        let completeBelow = min(remaining, sortedComplete.count)
        var below = Array(sortedComplete[..<completeBelow])
        var above = Array(sortedComplete[completeBelow...])
        remaining -= completeBelow
        let scored = pruned.enumerated().map { ($0.offset, $0.element, prunedScore($0.element, sign: sign)) }
        let sortedPruned = scored.sorted { a, b in
            if a.2.steps != b.2.steps { return a.2.steps < b.2.steps }
            if a.2.value != b.2.value { return a.2.value < b.2.value }
            return a.0 < b.0
        }.map(\.1)
        let prunedBelow = min(remaining, sortedPruned.count)
        below += sortedPruned[..<prunedBelow]
        above += sortedPruned[prunedBelow...]
        above += running
        below.sort { $0.number < $1.number }
        above.sort { $0.number < $1.number }
        return (below, above)
    }

    /// Optuna's `_get_pruned_trial_score`: more folds first, then the better running mean (the
    /// pruner's intermediate value) after the last fold; NaN last among equals; no folds last.
    static func prunedScore(_ trial: TrialRecord, sign: Double) -> (steps: Int, value: Double) {
        guard !trial.foldValues.isEmpty else { return (1, 0) }
        let mean = MedianPruner.runningMean(trial.foldValues, through: trial.foldValues.count - 1)
        return (-(trial.foldValues.count - 1), mean.isNaN ? .infinity : sign * mean)
    }
}
