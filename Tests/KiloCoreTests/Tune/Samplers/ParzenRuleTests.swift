import Foundation
import Testing

@testable import KiloCore

@Suite struct ParzenRuleTests {
    @Test func optunasClipIsTheMagicClip() {
        for n in 0...400 {
            let expected = 15 / min(100, 1 + Double(n + 1))
            #expect(ParzenRule.optuna.minimumBandwidth(low: -5, high: 10, count: n).bitPattern == expected.bitPattern)
        }
        #expect(ParzenRule.optuna.clipConstantFrom == 98)
    }

    @Test func kilosClipIsFinerAndStopsMovingLater() {
        let kilo = ParzenRule.kilo
        #expect(kilo.minimumBandwidth(low: 0, high: 3, count: 0) == 1)  // 3 / (1.5·2)
        #expect(kilo.minimumBandwidth(low: 0, high: 1, count: 8) == 1.0 / 15)  // Optuna: 1/10
        #expect(kilo.minimumBandwidth(low: 0, high: 1, count: 198) == 1.0 / 300)
        #expect(kilo.minimumBandwidth(low: 0, high: 1, count: 5_000) == 1.0 / 300)
        #expect(kilo.minimumBandwidth(low: 0, high: 1, count: 197) > 1.0 / 300)
        #expect(kilo.clipConstantFrom == 198)
        for n in 0...400 {
            #expect(kilo.minimumBandwidth(low: 0, high: 1, count: n) < ParzenRule.optuna.minimumBandwidth(low: 0, high: 1, count: n))
        }
    }

    @Test func categoryWeightsHaveAFloor() {
        #expect(ParzenRule.optuna.categoryWeight(observations: 3) == 0.25)
        #expect(ParzenRule.optuna.categoryWeight(observations: 99) == 0.01)
        #expect(ParzenRule.kilo.categoryWeight(observations: 0) == 1)
        #expect(ParzenRule.kilo.categoryWeight(observations: 1) == 0.5)
        #expect(ParzenRule.kilo.categoryWeight(observations: 99) == 0.5)
        // Two observations of three categories, Kilo's rule: w = 0.5, the observed category
        // (1 + w)/(3w + 1) = 0.6, another w/(3w + 1) = 0.2, the prior 1/3.
        let kernels = CategoricalKernels(observed: [0, 2], count: 3, rule: .kilo)
        var terms = [Double](repeating: 0, count: 3)
        terms.withUnsafeMutableBufferPointer { kernels.add(2, into: $0) }
        #expect(abs(terms[0] - Foundation.log(0.2)) < 1e-15)
        #expect(abs(terms[1] - Foundation.log(0.6)) < 1e-15)
        #expect(abs(terms[2] - Foundation.log(1.0 / 3)) < 1e-15)
        // Drawing from an observation's kernel keeps proposing the other categories.
        var generator = SplitMix64(seed: 1)
        let draws = (0..<10_000).map { _ in kernels.sample(kernel: 0, u: generator.nextUnit()) }
        let others = draws.filter { $0 != 0 }.count
        #expect((3_700...4_300).contains(others), "\(others) of 10,000 draws away from the observed category")
    }

    @Test func kilosRuleWeighsBelowByRank() {
        #expect(ParzenRule.optuna.belowWeights(count: 10) == nil, "Optuna: default_weights")
        #expect(!ParzenRule.optuna.weighsByRank && ParzenRule.kilo.weighsByRank)
        #expect(ParzenRule.kilo.belowWeights(count: 0) == [])
        #expect(ParzenRule.kilo.belowWeights(count: 1) == [1])
        for n in [2, 5, 25] {
            let weights = ParzenRule.kilo.belowWeights(count: n) ?? []
            #expect(weights.count == n)
            #expect(abs(weights.reduce(0, +) - Double(n)) < 1e-12, "they add up to n: the prior keeps 1/(n + 1)")
            #expect(abs(weights[0] / weights[n - 1] - Foundation.exp(5)) < 1e-9, "the best weighs e⁵ times the worst")
            #expect(zip(weights, weights.dropFirst()).allSatisfy { $0 > $1 })
        }
        // Two observations: e⁵ : 1, scaled to add up to 2.
        let two = ParzenRule.kilo.belowWeights(count: 2) ?? []
        #expect(abs(two[0] - 2 * Foundation.exp(5) / (Foundation.exp(5) + 1)) < 1e-12)
        // The estimator normalises them with the prior's 1.
        let domain = EncodedDomain.numeric(low: 0, high: 1, log: false, step: nil)
        let estimator = ParzenEstimator(observations: [[0.2, 0.8]], domains: [domain], rule: .kilo, weights: two)
        let expected = (two + [1]).map { Foundation.log($0 / 3) }
        #expect(zip(estimator.logWeights, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        let plain = ParzenEstimator(observations: [[0.2, 0.8]], domains: [domain], rule: .kilo)
        #expect(plain.logWeights.allSatisfy { abs($0 - Foundation.log(1.0 / 3)) < 1e-12 }, "no weights: default_weights")
    }

    @Test func theNamedKernelsAreTheRules() {
        #expect(TPEKernels.kilo.rule == .kilo)
        #expect(TPEKernels.optuna.rule == .optuna)
        #expect(TuneConfig().tpeKernels == .kilo)
        #expect(TPESampler().rule == .kilo)
    }
}
