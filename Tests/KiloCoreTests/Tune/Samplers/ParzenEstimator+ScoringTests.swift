import Foundation
import Testing

@testable import KiloCore

@Suite struct ParzenEstimatorScoringTests {
    /// Kernel-major scoring gives the one-candidate-at-a-time densities bit for bit: every kind
    /// of dimension, estimators of 0 to 1,000 observations, candidate counts that fill the lanes
    /// and ones that leave lanes over, clustered observations (far integer cells, so some
    /// candidates fall back to exact tables) and bounds at half a bandwidth (most fall back).
    @Test func kernelMajorDensitiesEqualTheCandidateByCandidateOnes() {
        var random = SplitMix64(seed: 23)
        var compared = 0
        var fellBack = 0
        for n in [0, 1, 7, 30, 300, 1000] {
            let estimator = ParzenEstimator(
                observations: ParzenEstimatorTests.clustered(n, using: &random), domains: ParzenEstimatorTests.domains,
                rule: .optuna)
            let prior = ParzenEstimator(
                observations: ParzenEstimatorTests.domains.map { _ in [] }, domains: ParzenEstimatorTests.domains,
                rule: .optuna)
            var generator = SplitMix64(seed: UInt64(n) + 5)
            for count in [1, 8, 13, 24] {
                let candidates =
                    estimator.sample(count: count - count / 2, using: &generator)
                    + prior.sample(count: count / 2, using: &generator)
                for far in [DiscreteKernels.Lookup.far, 0.5, .infinity] {
                    let expected = estimator.logPDFByCandidate(candidates, count: count, far: far)
                    let actual = estimator.logPDF(candidates, count: count, far: far)
                    #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "n = \(n), count = \(count), far = \(far)")
                    compared += count
                }
                let lookups = estimator.scoringLookups(
                    candidates, count: count, far: 0.5, logMass: NormalDistribution.logMass(from:to:)
                ).lookups
                fellBack += (0..<count).filter { estimator.termCeiling($0, lookups: lookups).bounded }.count
            }
        }
        #expect(compared == 6 * (1 + 8 + 13 + 24) * 3)
        #expect(fellBack > 0, "some candidates take bounds at half a bandwidth")
    }

    /// One real and one categorical dimension only (no integer tables), and an empty request.
    @Test func otherShapesAgreeToo() {
        let domains = [
            EncodedDomain(.float(low: 0, high: 1, log: false)),
            EncodedDomain(.categorical([.int(1), .int(2), .int(4)])),
        ]
        var random = SplitMix64(seed: 3)
        let estimator = ParzenEstimator(
            observations: [(0..<40).map { _ in random.nextUnit() }, (0..<40).map { _ in Double(random.next() % 3) }],
            domains: domains, rule: .optuna)
        var generator = SplitMix64(seed: 9)
        let candidates = estimator.sample(count: 17, using: &generator)
        #expect(
            estimator.logPDF(candidates, count: 17).map(\.bitPattern)
                == estimator.logPDFByCandidate(candidates, count: 17).map(\.bitPattern))
        #expect(estimator.logPDF([], count: 0).isEmpty)
    }
}
