/// Stops a trial whose running mean after fold k is worse than the median of the complete
/// trials' running means after fold k (Optuna's `MedianPruner` on per-fold values, with the
/// running mean as the intermediate value).
///
/// Nothing is pruned while fewer than `startupTrials` trials are complete, nor before fold index
/// `warmupFolds` (0-based: with 1, fold 0 is never judged), nor when no complete trial reached
/// fold k. A running mean that is not a number is pruned (as Optuna prunes NaN intermediate
/// values). Complete trials whose running mean at fold k is NaN are left out of the median.
public struct MedianPruner: TrialPruner {
    /// Complete trials needed before any pruning.
    public var startupTrials: Int
    /// Folds (from the first) that are never judged.
    public var warmupFolds: Int

    public init(startupTrials: Int = 5, warmupFolds: Int = 0) {
        self.startupTrials = startupTrials
        self.warmupFolds = warmupFolds
    }

    /// - Complexity: O(n·k + n log n) for n trials in `history` and k folds done.
    public func shouldPrune(foldValues: [Double], history: [TrialRecord], direction: StudyDirection) -> Bool {
        let fold = foldValues.count - 1
        guard fold >= 0, fold >= warmupFolds else { return false }
        let complete = history.filter { $0.state == .complete }
        guard complete.count >= max(startupTrials, 1) else { return false }
        let current = Self.runningMean(foldValues, through: fold)
        if current.isNaN { return true }
        let others = complete.compactMap { trial -> Double? in
            guard trial.foldValues.count > fold else { return nil }
            let mean = Self.runningMean(trial.foldValues, through: fold)
            return mean.isNaN ? nil : mean
        }
        guard let median = Self.median(others) else { return false }
        return direction.isBetter(median, than: current)
    }

    /// The mean of `values[0...fold]`.
    /// - Complexity: O(fold).
    static func runningMean(_ values: [Double], through fold: Int) -> Double {
        var sum = 0.0
        for index in 0...fold { sum += values[index] }
        return sum / Double(fold + 1)
    }

    /// The median (the mean of the two middle values for an even count), `nil` when empty.
    /// - Complexity: O(n log n).
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
