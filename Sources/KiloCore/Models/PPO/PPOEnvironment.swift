/// The outcome of one environment step.
public struct PPOStepResult: Sendable, Equatable {
    /// The reward of the step.
    public var reward: Double
    /// Whether the episode reached a true terminal state (no bootstrap).
    public var terminated: Bool
    /// Whether the episode was cut by a time limit (bootstrapped with the final observation's value).
    public var truncated: Bool
}

/// A single-agent environment with discrete actions and a flat `Float` observation (Gymnasium's
/// `reset`/`step` contract). Each environment owns its seeded random source.
public protocol PPOEnvironment {
    /// The observation's shape (its product is the flat size written by `reset` and `step`).
    var observationShape: [Int] { get }
    /// The number of discrete actions.
    var actionCount: Int { get }
    /// Starts a new episode and writes its first observation.
    mutating func reset(observation: UnsafeMutableBufferPointer<Float>)
    /// Applies `action` and writes the next observation (the final one when the episode ended).
    mutating func step(action: Int, observation: UnsafeMutableBufferPointer<Float>) -> PPOStepResult
}

extension PPOEnvironment {
    /// The flat observation size.
    public var observationSize: Int { observationShape.reduce(1, *) }
}
