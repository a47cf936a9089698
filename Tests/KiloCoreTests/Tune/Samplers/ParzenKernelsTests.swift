import Foundation
import Testing

@testable import KiloCore

@Suite struct ParzenKernelsTests {
    /// An integer dimension with many ties (1,000 draws of 21 values).
    static func tiedBandwidths(log: Bool) -> (NumericBandwidths, low: Double, high: Double) {
        var random = SplitMix64(seed: 9)
        let (low, high) = log ? (1.0, 64.0) : (-10.0, 10.0)
        let values = (0..<1000).map { _ in low + Double(random.next() % UInt64(high - low + 1)) }
        return (NumericBandwidths(values: values, low: low, high: high, log: log, step: 1, rule: .optuna), low, high)
    }

    @Test func eachKernelPointsAtItsOwnCentreAndBandwidth() {
        for log in [false, true] {
            let (bandwidths, low, high) = Self.tiedBandwidths(log: log)
            let kernels = DiscreteKernels(bandwidths, low: low, high: high, step: 1, log: log)
            #expect(kernels.pair.count == bandwidths.mu.count)
            for k in bandwidths.mu.indices {
                #expect(kernels.pairMu[kernels.pair[k]] == bandwidths.mu[k])
                #expect(kernels.pairSigma[kernels.pair[k]] == bandwidths.sigma[k])
            }
            // Far fewer distinct pairs than kernels: at most three per observed value (a run's
            // two ends and its clipped middle) plus the prior, so the erfc work is shared.
            let distinct = Set(zip(kernels.pairMu, kernels.pairSigma).map { "\($0) \($1)" })
            #expect(distinct.count == kernels.pairMu.count)
            #expect(kernels.pairMu.count <= 3 * Set(bandwidths.mu.dropLast()).count + 1)
            #expect(kernels.pairMu.count < bandwidths.mu.count / 4)
        }
    }

    @Test func discreteProbabilitiesAreTheKernelsMassOnTheCell() {
        let (bandwidths, low, high) = Self.tiedBandwidths(log: false)
        let kernels = DiscreteKernels(bandwidths, low: low, high: high, step: 1, log: false)
        let count = bandwidths.mu.count
        let values: [Double] = [-10, 0, 7, 0]
        // Exact tables (no bounds for far cells; ParzenEstimatorTests covers those).
        let lookup = kernels.lookup(values, far: .infinity)
        #expect(lookup.tables.count == 3)
        #expect(lookup.tableOfValue == [0, 1, 2, 1])
        for (row, x) in values.enumerated() {
            var terms = [Double](repeating: 0, count: count)
            terms.withUnsafeMutableBufferPointer { kernels.add(lookup.tables[lookup.tableOfValue[row]], into: $0) }
            for k in stride(from: 0, to: count, by: 97) {
                let (m, s) = (bandwidths.mu[k], bandwidths.sigma[k])
                let expected =
                    NormalDistribution.logMass(from: (x - 0.5 - m) / s, to: (x + 0.5 - m) / s)
                    - NormalDistribution.logMass(from: (low - 0.5 - m) / s, to: (high + 0.5 - m) / s)
                #expect(terms[k] == expected)
            }
        }
    }

    @Test func continuousAndCategoricalTermsMatchTheirFormulas() {
        let bandwidths = NumericBandwidths(
            values: [0.2, 0.5, 0.9], low: 0, high: 1, log: false, step: nil, rule: .optuna)
        let continuous = ContinuousKernels(bandwidths, log: false)
        for x in [0.3, 0.7] {
            var terms = [Double](repeating: 1, count: 4)
            terms.withUnsafeMutableBufferPointer { continuous.add(x, into: $0) }
            for k in 0..<4 {
                let (m, s) = (bandwidths.mu[k], bandwidths.sigma[k])
                let z = (x - m) / s
                let expected = 1 - Foundation.log(s) - NormalDistribution.logMass(from: (0 - m) / s, to: (1 - m) / s) - 0.5 * z * z
                #expect(abs(terms[k] - expected) <= 1e-12)
            }
        }
        let categorical = CategoricalKernels(observed: [0, 2], count: 3, rule: .optuna)
        var terms = [Double](repeating: 0, count: 3)
        terms.withUnsafeMutableBufferPointer { categorical.add(2, into: $0) }
        // w = 1/3: the observed category (1 + w)/(3w + 1) = 2/3, another w/(3w + 1) = 1/6, the prior 1/3.
        #expect(abs(terms[0] - Foundation.log(1.0 / 6)) < 1e-15)
        #expect(abs(terms[1] - Foundation.log(2.0 / 3)) < 1e-15)
        #expect(abs(terms[2] - Foundation.log(1.0 / 3)) < 1e-15)
    }
}
