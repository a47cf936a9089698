import Foundation

/// Suggests every parameter uniformly at random from its domain, independently of the history
/// (Optuna's `RandomSampler`): floats uniformly on `[low, high)`, log floats uniformly in log
/// space, integers uniformly on `low...high`, log integers log-uniformly on
/// `[low − ½, high + ½]` then rounded, categoricals with equal probability.
///
/// The random stream is `SplitMix64` seeded by `(seed, trialNumber)`, so a trial's suggestion
/// does not depend on how many trials ran before it or in which order.
public struct RandomSampler: TrialSampler {
    public init() {}

    /// - Complexity: O(parameters).
    public func suggest(
        space: SearchSpace, history: [TrialRecord], direction: StudyDirection, trialNumber: Int, seed: UInt64
    ) -> TrialParameters {
        var generator = SamplerRandom.generator(seed: seed, trialNumber: trialNumber, purpose: .random)
        var parameters: TrialParameters = [:]
        for parameter in space.parameters {
            if let value = SamplerRandom.uniform(parameter.domain, using: &generator) {
                parameters[parameter.name] = value
            }
        }
        return parameters
    }
}

/// The random streams and uniform draws the samplers share.
enum SamplerRandom {
    /// Which part of a suggestion a stream feeds (distinct streams for the same trial).
    enum Purpose: UInt64 {
        case random = 1
        case tpe = 2
    }

    /// The generator of trial `trialNumber` of a study seeded `seed`.
    /// - Complexity: O(1).
    static func generator(seed: UInt64, trialNumber: Int, purpose: Purpose) -> SplitMix64 {
        SplitMix64(seed: seed)
            .split(stream: UInt64(truncatingIfNeeded: trialNumber))
            .split(stream: purpose.rawValue)
    }

    /// A uniform draw from `domain` (see ``RandomSampler``); `nil` for an empty categorical list.
    /// A reversed range (`low > high`) gives `low`.
    /// - Complexity: O(1).
    static func uniform(_ domain: ParameterDomain, using generator: inout SplitMix64) -> ParameterValue? {
        let u = generator.nextUnit()
        switch domain {
        case .float(let low, let high, let log):
            guard high > low else { return .float(low) }
            if log, low > 0 {
                let value = Foundation.exp(Foundation.log(low) + u * (Foundation.log(high) - Foundation.log(low)))
                return .float(min(max(value, low), high))
            }
            return .float(min(low + u * (high - low), high))
        case .int(let low, let high, let log):
            guard high > low else { return .int(low) }
            if log, low > 0 {
                let a = Foundation.log(Double(low) - 0.5)
                let b = Foundation.log(Double(high) + 0.5)
                let value = Foundation.exp(a + u * (b - a)).rounded()
                return .int(min(max(Int(value), low), high))
            }
            let span = Double(high - low + 1)
            return .int(min(low + Int(u * span), high))
        case .categorical(let choices):
            guard !choices.isEmpty else { return nil }
            return choices[min(Int(u * Double(choices.count)), choices.count - 1)]
        }
    }
}
