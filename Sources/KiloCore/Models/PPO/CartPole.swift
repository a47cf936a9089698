import Foundation

/// CartPole-v1 with Gymnasium's exact dynamics and episode rules
/// (`gymnasium/envs/classic_control/cartpole.py` plus the `TimeLimit(500)` of its registration):
/// gravity 9.8, cart mass 1.0, pole mass 0.1, half-pole length 0.5, force 10, τ 0.02 s, explicit
/// Euler integration in Double; the episode terminates when |x| > 2.4 or |θ| > 12° (reward 1 also
/// on the terminating step), and is truncated after 500 steps. Reset draws each of the four
/// state variables uniformly from [−0.05, 0.05) with the environment's own `SplitMix64`.
/// Observations are the state rounded to Float, as Gymnasium's float32 observation.
public struct CartPole: PPOEnvironment, Sendable, Equatable {
    public static let gravity = 9.8
    public static let massCart = 1.0
    public static let massPole = 0.1
    public static let totalMass = massPole + massCart
    public static let length = 0.5
    public static let poleMassLength = massPole * length
    public static let forceMagnitude = 10.0
    public static let tau = 0.02
    public static let thetaThreshold = 12 * 2 * Double.pi / 360
    public static let xThreshold = 2.4
    public static let maxEpisodeSteps = 500

    /// `(x, ẋ, θ, θ̇)`.
    public private(set) var state: SIMD4<Double> = .zero
    /// Steps taken in the current episode.
    public private(set) var elapsedSteps = 0
    private var generator: SplitMix64

    /// An environment whose resets are drawn from `seed`.
    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    public var observationShape: [Int] { [4] }
    public var actionCount: Int { 2 }

    public mutating func reset(observation: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<4 { state[i] = -0.05 + 0.1 * generator.nextUnit() }
        elapsedSteps = 0
        write(observation)
    }

    /// Sets the state directly (for tests against hand-computed steps).
    public mutating func setState(_ newState: SIMD4<Double>) {
        state = newState
        elapsedSteps = 0
    }

    public mutating func step(action: Int, observation: UnsafeMutableBufferPointer<Float>) -> PPOStepResult {
        precondition(action == 0 || action == 1, "CartPole.step: action \(action)")
        state = Self.dynamics(state, action: action)
        elapsedSteps += 1
        write(observation)
        let (x, theta) = (state[0], state[2])
        let terminated = x < -Self.xThreshold || x > Self.xThreshold || theta < -Self.thetaThreshold
            || theta > Self.thetaThreshold
        return PPOStepResult(reward: 1, terminated: terminated, truncated: !terminated && elapsedSteps >= Self.maxEpisodeSteps)
    }

    /// One Euler step of the cart-pole equations (Florian 2007, as Gymnasium writes them).
    public static func dynamics(_ s: SIMD4<Double>, action: Int) -> SIMD4<Double> {
        let (x, xDot, theta, thetaDot) = (s[0], s[1], s[2], s[3])
        let force = action == 1 ? forceMagnitude : -forceMagnitude
        let cosTheta = cos(theta), sinTheta = sin(theta)
        let temp = (force + poleMassLength * thetaDot * thetaDot * sinTheta) / totalMass
        let thetaAcc = (gravity * sinTheta - cosTheta * temp)
            / (length * (4.0 / 3.0 - massPole * cosTheta * cosTheta / totalMass))
        let xAcc = temp - poleMassLength * thetaAcc * cosTheta / totalMass
        return SIMD4(x + tau * xDot, xDot + tau * xAcc, theta + tau * thetaDot, thetaDot + tau * thetaAcc)
    }

    private func write(_ observation: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<4 { observation[i] = Float(state[i]) }
    }
}
