import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct ParzenEstimatorTests {
    static let domains: [EncodedDomain] = [
        EncodedDomain(.float(low: -5, high: 10, log: false)),
        EncodedDomain(.float(low: 1e-5, high: 1e-3, log: true)),
        EncodedDomain(.int(low: 1, high: 20, log: false)),
        EncodedDomain(.int(low: 8, high: 256, log: true)),
        EncodedDomain(.categorical([.string("a"), .string("b"), .string("c")])),
    ]

    /// `n` observations of `domains`, clustered in one corner, so most kernels are far from most
    /// candidates (and integer cells take bounds).
    static func clustered(_ n: Int, using random: inout SplitMix64) -> [[Double]] {
        [
            (0..<n).map { _ in -5 + 3 * random.nextUnit() },
            (0..<n).map { _ in 1e-5 * (1 + random.nextUnit()) },
            (0..<n).map { _ in Double(1 + Int(random.next() % 4)) },
            (0..<n).map { _ in Double(8 + Int(random.next() % 6)) },
            (0..<n).map { _ in Double(random.next() % 3) },
        ]
    }

    /// Densities Optuna 5's own `_ParzenEstimator` gives (Fixtures/make_parzen_fixtures.py).
    @Test func logDensityMatchesOptuna() throws {
        let path = RepoPaths.path("Tests/KiloCoreTests/Tune/Fixtures/parzen_fixtures.json")
        let data = try #require(FileManager.default.contents(atPath: path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let names = try #require(root["parameters"] as? [String])
        let cases = try #require(root["cases"] as? [[String: Any]])
        #expect(cases.count == 5)
        for item in cases {
            let observations = try #require(item["observations"] as? [String: [Double]])
            let points = try #require(item["points"] as? [String: [Double]])
            let expected = try #require(item["log_pdf"] as? [Double])
            let estimator = ParzenEstimator(
                observations: names.map { observations[$0] ?? [] }, domains: Self.domains, rule: .optuna)
            var flat: [Double] = []
            for row in expected.indices { flat += names.map { points[$0]?[row] ?? .nan } }
            let actual = estimator.logPDF(flat, count: expected.count)
            for (a, e) in zip(actual, expected) {
                #expect(abs(a - e) <= 1e-9 * abs(e), "n=\(observations["x"]?.count ?? -1): \(a) vs Optuna \(e)")
            }
        }
    }

    @Test func defaultWeightsRampTheOldestTrials() {
        #expect(ParzenEstimator.defaultWeights(0).isEmpty)
        #expect(ParzenEstimator.defaultWeights(24) == [Double](repeating: 1, count: 24))
        #expect(ParzenEstimator.defaultWeights(25) == [Double](repeating: 1, count: 25))
        let weights = ParzenEstimator.defaultWeights(30)
        #expect(weights.count == 30)
        // numpy.linspace(1/30, 1, 5) then 25 ones.
        let start: Double = 1.0 / 30
        let increment: Double = (1 - start) / 4
        let ramp: [Double] = (0..<5).map { start + Double($0) * increment }
        for index in 0..<5 { #expect(abs(weights[index] - ramp[index]) < 1e-15) }
        #expect(weights[5...].allSatisfy { $0 == 1 })
    }

    @Test func bandwidthsFollowTheNeighbourRuleAndTheMagicClip() {
        // Sorted 0, 1, 6 on [0, 10] (n = 3): gaps → 1 (inner gap for the first), max(1, 5) = 5,
        // 5 (inner gap for the last); the clip floor is 10 / min(100, 5) = 2.
        let b = NumericBandwidths(values: [6, 0, 1], low: 0, high: 10, log: false, step: nil, rule: .optuna)
        #expect(b.mu == [6, 0, 1, 5])
        #expect(b.sigma == [5, 2, 5, 10])
        // One observation: max(gap to low, gap to high); integers widen the domain by ½.
        let one = NumericBandwidths(values: [2], low: 1, high: 5, log: false, step: 1, rule: .optuna)
        #expect(one.low == 0.5 && one.high == 5.5)
        #expect(one.sigma == [3.5, 5])
    }

    @Test func samplesStayInTheirDomains() {
        let estimator = ParzenEstimator(
            observations: [[9.9, -4.9], [1e-5, 1e-3], [1, 20], [8, 256], [0, 2]], domains: Self.domains, rule: .optuna)
        var generator = SplitMix64(seed: 3)
        let samples = estimator.sample(count: 500, using: &generator)
        for row in 0..<500 {
            let x = Array(samples[(row * 5)..<(row * 5 + 5)])
            #expect((-5...10).contains(x[0]) && (1e-5...1e-3).contains(x[1]))
            #expect((1...20).contains(x[2]) && x[2] == x[2].rounded())
            #expect((8...256).contains(x[3]) && x[3] == x[3].rounded())
            #expect([0, 1, 2].contains(x[4]))
        }
    }
}

extension ParzenEstimatorTests {
    @Test func logSumExpIsStableAndSkipsNegligibleTerms() {
        var terms: [Double] = [1000, 1000 + Foundation.log(3), -5000]
        let value = terms.withUnsafeMutableBufferPointer {
            ParzenEstimator.logSumExp($0, maximum: ParzenEstimator.maximum($0))
        }
        #expect(abs(value - (1000 + Foundation.log(4))) < 1e-12)
        var none: [Double] = [-.infinity, -.infinity]
        let empty = none.withUnsafeMutableBufferPointer {
            ParzenEstimator.logSumExp($0, maximum: ParzenEstimator.maximum($0))
        }
        #expect(empty == -.infinity)
    }
}

extension ParzenEstimatorTests {
    /// Far integer cells take a bound instead of their exact tail: the densities are the exact
    /// ones bit for bit, whether the bounds are shown negligible (the default distance) or mostly
    /// are not and the candidate is recomputed exactly (a distance of half a bandwidth).
    @Test func boundsForFarIntegerCellsLeaveTheDensitiesExact() {
        var random = SplitMix64(seed: 17)
        var checked = 0
        for n in [3, 30, 300, 1000] {
            let estimator = ParzenEstimator(
                observations: Self.clustered(n, using: &random), domains: Self.domains, rule: .optuna)
            var generator = SplitMix64(seed: UInt64(n))
            let prior = ParzenEstimator(
                observations: Self.domains.map { _ in [] }, domains: Self.domains, rule: .optuna)
            // Candidates near the observations (from the estimator) and anywhere (from the prior).
            let candidates = estimator.sample(count: 24, using: &generator) + prior.sample(count: 24, using: &generator)
            let exact = estimator.logPDF(candidates, count: 48, far: .infinity)
            for far in [DiscreteKernels.Lookup.far, 0.5] {
                let bounded = estimator.logPDF(candidates, count: 48, far: far)
                #expect(bounded.map(\.bitPattern) == exact.map(\.bitPattern), "n = \(n), far = \(far)")
                checked += 1
            }
        }
        #expect(checked == 8)
    }

    @Test func aFarCellsBoundIsAboveItsExactValue() {
        let kernels = DiscreteKernels(
            NumericBandwidths(values: [1, 2, 2, 3, 19], low: 1, high: 20, log: false, step: 1, rule: .optuna),
            low: 1, high: 20, step: 1,
            log: false)
        let values: [Double] = [1, 5, 10, 15, 20]
        let bounded = kernels.lookup(values, far: 2)
        let exact = kernels.lookup(values, far: .infinity)
        #expect(bounded.largestBound.contains { $0 > -.infinity }, "some pairs are two bandwidths from some cells")
        for (table, (b, e)) in zip(bounded.tables, exact.tables).enumerated() {
            #expect(zip(b, e).allSatisfy { $0 >= $1 })
            // Φ(z) ≤ φ(z)/|z| in the tail: a bound at two bandwidths is above by at least log 2.
            if bounded.largestBound[table] > -.infinity { #expect(zip(b, e).contains { $0 > $1 + 0.69 }) }
        }
    }
}
