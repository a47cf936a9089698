/// Generalised advantage estimation, GAE(λ) (Schulman et al. 2016), as a pure function.
///
/// Each step `t` of a rollout has a reward `r_t`, the critic's value `V(s_t)` and how it ended:
/// - `.continuing`: the next state is `s_{t+1}`, valued by `values[t + 1]` (or by `nextValue` for
///   the last step of the rollout);
/// - `.terminated`: a true terminal state; its value is 0 and the advantage chain stops;
/// - `.truncated(bootstrap:)`: the episode was cut by a time limit; the return is bootstrapped
///   with the critic's value of the final observation (`bootstrap = V(s_final)`) and the chain
///   stops. This is stable-baselines3's treatment (it adds `γ·V(terminal_observation)` to the
///   reward of a truncated step and then treats the step as done) and gives the identical
///   `δ_t = r_t + γ·V(s_final) − V(s_t)`. CleanRL's `ppo.py` instead treats truncation like
///   termination (bootstrap 0).
///
///     δ_t = r_t + γ·V_next·(1 − terminated_t) − V(s_t)
///     A_t = δ_t + γ·λ·(1 − ended_t)·A_{t+1},      R_t = A_t + V(s_t)
public enum PPOAdvantages {
    /// How a step ended.
    public enum StepEnd: Sendable, Equatable {
        case continuing
        case terminated
        case truncated(bootstrap: Double)
    }

    /// The advantages and returns (`advantages + values`) of one rollout.
    /// - Complexity: O(steps), one backward pass.
    public static func compute(
        rewards: [Double], values: [Double], ends: [StepEnd], nextValue: Double, gamma: Double,
        lambda: Double
    ) -> (advantages: [Double], returns: [Double]) {
        let n = rewards.count
        precondition(values.count == n && ends.count == n, "PPOAdvantages.compute: \(n) rewards, \(values.count) values, \(ends.count) ends")
        var advantages = [Double](repeating: 0, count: n)
        var last = 0.0
        for t in stride(from: n - 1, through: 0, by: -1) {
            let following = t == n - 1 ? nextValue : values[t + 1]
            let delta: Double
            switch ends[t] {
            case .continuing:
                delta = rewards[t] + gamma * following - values[t]
                last = delta + gamma * lambda * last
            case .terminated:
                delta = rewards[t] - values[t]
                last = delta
            case .truncated(let bootstrap):
                delta = rewards[t] + gamma * bootstrap - values[t]
                last = delta
            }
            advantages[t] = last
        }
        let returns = (0..<n).map { advantages[$0] + values[$0] }
        return (advantages, returns)
    }
}
