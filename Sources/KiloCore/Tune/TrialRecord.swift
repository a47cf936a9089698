import Foundation

/// Whether a study looks for the smallest or the largest objective value.
public enum StudyDirection: String, Sendable, Codable {
    case minimize
    case maximize

    /// Whether `a` is strictly better than `b` in this direction.
    public func isBetter(_ a: Double, than b: Double) -> Bool { self == .minimize ? a < b : a > b }
}

/// Where a trial stands.
public enum TrialState: String, Sendable, Codable {
    case running
    case complete
    case pruned
    case failed
}

/// One trial of a study, as the sampler, the pruner and the study file see it.
public struct TrialRecord: Sendable, Equatable, Codable {
    /// 0, 1, 2, … in the order the trials were suggested.
    public var number: Int
    public var parameters: TrialParameters
    /// The objective on each finished fold, in fold order (fewer than the folds when pruned or failed).
    public var foldValues: [Double] = []
    public var state: TrialState = .running
    /// The trial's objective (the mean over its folds) when complete.
    public var value: Double?
    /// The seed the trial's model was trained with.
    public var seed: UInt64
    /// Wall time spent, in seconds.
    public var duration: Double = 0
    /// Why a failed trial failed.
    public var failure: String?
}
