import Foundation
import Testing

@testable import KiloCore

@Suite struct RandomSamplerTests {
    static let space = SearchSpace(parameters: [
        .init(name: "x", domain: .float(low: -5, high: 10, log: false)),
        .init(name: "lr", domain: .float(low: 1e-5, high: 1e-3, log: true)),
        .init(name: "layers", domain: .int(low: 1, high: 4, log: false)),
        .init(name: "hidden", domain: .int(low: 32, high: 256, log: true)),
        .init(name: "batch", domain: .categorical([.int(32), .int(64), .int(128)])),
    ])

    @Test func sameSeedAndTrialGiveTheSameSuggestion() {
        let sampler = RandomSampler()
        let a = sampler.suggest(space: Self.space, history: [], direction: .minimize, trialNumber: 3, seed: 9)
        let b = sampler.suggest(space: Self.space, history: [], direction: .minimize, trialNumber: 3, seed: 9)
        let c = sampler.suggest(space: Self.space, history: [], direction: .minimize, trialNumber: 4, seed: 9)
        let d = sampler.suggest(space: Self.space, history: [], direction: .minimize, trialNumber: 3, seed: 10)
        #expect(a == b)
        #expect(a != c)
        #expect(a != d)
        #expect(Set(a.keys) == ["x", "lr", "layers", "hidden", "batch"])
    }

    @Test func drawsCoverEachDomainUniformly() throws {
        let sampler = RandomSampler()
        var layers = [Int](repeating: 0, count: 5)
        var batches: [ParameterValue: Int] = [:]
        var xs: [Double] = []
        var logLearningRates: [Double] = []
        for trial in 0..<4000 {
            let p = sampler.suggest(space: Self.space, history: [], direction: .minimize, trialNumber: trial, seed: 1)
            guard case .float(let x)? = p["x"], case .float(let lr)? = p["lr"], case .int(let l)? = p["layers"],
                case .int(let h)? = p["hidden"], let batch = p["batch"]
            else {
                Issue.record("wrong kinds: \(p)")
                return
            }
            #expect((-5.0..<10.0).contains(x) && (1e-5...1e-3).contains(lr) && (32...256).contains(h))
            xs.append(x)
            logLearningRates.append(log10(lr))
            layers[l] += 1
            batches[batch, default: 0] += 1
        }
        #expect(layers[0] == 0)
        for count in layers[1...] { #expect(abs(count - 1000) < 120, "layers \(layers)") }
        for count in batches.values { #expect(abs(count - 1333) < 130, "batches \(batches)") }
        #expect(abs(xs.reduce(0, +) / 4000 - 2.5) < 0.3)
        // Log-uniform: the mean of log10(lr) is the middle of [-5, -3].
        #expect(abs(logLearningRates.reduce(0, +) / 4000 + 4) < 0.05)
    }

    @Test func degenerateDomains() {
        var generator = SplitMix64(seed: 1)
        #expect(SamplerRandom.uniform(.int(low: 3, high: 3, log: false), using: &generator) == .int(3))
        #expect(SamplerRandom.uniform(.float(low: 2, high: 1, log: true), using: &generator) == .float(2))
        #expect(SamplerRandom.uniform(.categorical([]), using: &generator) == nil)
    }
}
