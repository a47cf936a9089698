import Testing

@testable import KiloCore

@Suite struct PPOAdvantagesTests {
    @Test func matchesHandComputedValuesWithTerminationAndTruncation() {
        // γ = 0.9, λ = 0.8, computed by hand backwards:
        // t3 continuing: δ = 4 + 0.9·3 − 2 = 4.7, A = 4.7
        // t2 truncated (bootstrap 10): δ = 3 + 0.9·10 − 1.5 = 10.5, A = 10.5 (chain cut)
        // t1 terminated: δ = 2 − 1 = 1, A = 1
        // t0 continuing: δ = 1 + 0.9·1 − 0.5 = 1.4, A = 1.4 + 0.72·1 = 2.12
        let result = PPOAdvantages.compute(
            rewards: [1, 2, 3, 4], values: [0.5, 1, 1.5, 2],
            ends: [.continuing, .terminated, .truncated(bootstrap: 10), .continuing], nextValue: 3, gamma: 0.9,
            lambda: 0.8)
        let expected = [2.12, 1, 10.5, 4.7]
        for (a, e) in zip(result.advantages, expected) { #expect(abs(a - e) < 1e-12) }
        let returns = [2.62, 2, 12, 6.7]
        for (r, e) in zip(result.returns, returns) { #expect(abs(r - e) < 1e-12) }
    }

    @Test func lambdaOneIsDiscountedReturnMinusValue() {
        let rewards = [1.0, 1, 1], values = [0.3, 0.2, 0.1]
        let result = PPOAdvantages.compute(
            rewards: rewards, values: values, ends: [.continuing, .continuing, .continuing], nextValue: 5,
            gamma: 0.5, lambda: 1)
        // R0 = 1 + 0.5 + 0.25 + 0.125·5 = 2.375
        #expect(abs(result.returns[0] - 2.375) < 1e-12)
        #expect(abs(result.advantages[0] - (2.375 - 0.3)) < 1e-12)
    }

    @Test func truncationEqualsSB3RewardAugmentation() {
        // SB3 adds γ·V(final) to the reward and then treats the step as done.
        let truncated = PPOAdvantages.compute(
            rewards: [1, 2], values: [0.4, 0.7], ends: [.continuing, .truncated(bootstrap: 3)], nextValue: 99,
            gamma: 0.99, lambda: 0.95)
        let sb3 = PPOAdvantages.compute(
            rewards: [1, 2 + 0.99 * 3], values: [0.4, 0.7], ends: [.continuing, .terminated], nextValue: 99,
            gamma: 0.99, lambda: 0.95)
        for (a, b) in zip(truncated.advantages, sb3.advantages) { #expect(abs(a - b) < 1e-12) }
    }
}
