/// The trials of a tuning study as the report draws them: number, value and state of each
/// trial, in trial order, and the best value so far after each.
public struct TuningHistory: Sendable, Equatable {
    /// One trial.
    public struct Trial: Sendable, Equatable {
        /// The trial number.
        public var number: Int
        /// Its objective value (`nil` for a pruned or failed trial).
        public var value: Double?
        /// `complete`, `pruned`, `failed`, …
        public var state: String
    }

    /// The study's name (shown as the section's subtitle).
    public var study: String
    /// Whether smaller values are better.
    public var minimize: Bool
    /// The trials, in trial order.
    public var trials: [Trial]

    /// Creates a history.
    public init(study: String, minimize: Bool, trials: [Trial]) {
        self.study = study
        self.minimize = minimize
        self.trials = trials.sorted { $0.number < $1.number }
    }

    /// A history from a study's trial records (`TrialRecord` in Tune/).
    public init(study: String, direction: StudyDirection, records: [TrialRecord]) {
        self.init(
            study: study, minimize: direction == .minimize,
            trials: records.map { Trial(number: $0.number, value: $0.value, state: $0.state.rawValue) })
    }

    /// The best finite value among the trials up to and including each one (`nil` before the
    /// first finite value).
    /// - Complexity: O(trials).
    public var bestSoFar: [Double?] {
        var best: Double? = nil
        return trials.map { trial in
            if let value = trial.value, value.isFinite {
                if let current = best { best = minimize ? min(current, value) : max(current, value) } else { best = value }
            }
            return best
        }
    }

    /// The best trial, or `nil` when none has a finite value.
    public var best: Trial? {
        let finite = trials.filter { $0.value?.isFinite == true }
        return minimize
            ? finite.min { ($0.value ?? 0) < ($1.value ?? 0) } : finite.max { ($0.value ?? 0) < ($1.value ?? 0) }
    }
}
