import Foundation
import Testing

@testable import KiloCore

@Suite struct GBDTTrainerTests {
    static func smallConfig() -> LightGBMConfig {
        var c = LightGBMConfig()
        c.numIterations = 60
        c.learningRate = 0.1
        c.numLeaves = 15
        c.seed = 5
        return c
    }

    static func rmse(_ a: [Double], _ b: [Double]) -> Double {
        (zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(a.count)).squareRoot()
    }

    @Test func regressionBeatsMeanPredictor() throws {
        let (x, y) = GBDTFixtures.synthetic(rows: 4000, seed: 1)
        let (tx, ty) = GBDTFixtures.synthetic(rows: 1000, seed: 2)
        var reports: [GBDTProgress] = []
        let result = try GBDTTrainer.train(
            features: x, labels: y, featureNames: ["a", "b", "c", "d", "e", "f"], config: Self.smallConfig(),
            progress: { reports.append($0) })
        #expect(reports.count == 60 && reports.map(\.iteration) == Array(1...60))
        #expect(reports.last!.trainMetric < reports.first!.trainMetric)
        let mean = y.reduce(0, +) / Double(y.count)
        let baseline = Self.rmse([Double](repeating: mean, count: ty.count), ty)
        let model = Self.rmse(result.booster.predict(tx), ty)
        #expect(model < 0.45 * baseline, "rmse \(model) vs mean predictor \(baseline)")
        #expect(result.booster.trees.count == 60)
        // NaN rows are routed by a learned default direction.
        let nanSplits = result.booster.trees.flatMap(\.decisionType).filter { DecisionType.missingType($0) == 2 }
        #expect(!nanSplits.isEmpty)
    }

    @Test func earlyStoppingKeepsBestIteration() throws {
        let (x, y) = GBDTFixtures.synthetic(rows: 600, seed: 3, noise: 2.0)
        let (vx, vy) = GBDTFixtures.synthetic(rows: 400, seed: 4, noise: 2.0)
        var c = Self.smallConfig()
        c.numIterations = 400
        c.learningRate = 0.3
        c.numLeaves = 31
        c.minDataInLeaf = 3
        c.earlyStoppingRound = 10
        let result = try GBDTTrainer.train(
            features: x, labels: y, featureNames: ["a", "b", "c", "d", "e", "f"], validation: (vx, vy), config: c)
        #expect(result.stoppedEarly)
        #expect(result.history.count == result.bestIteration + 10)
        #expect(result.booster.trees.count == result.bestIteration)
        let valid = result.history.compactMap(\.validMetric)
        #expect(valid[result.bestIteration - 1] == valid.min())
        // The kept model's validation error is the best one seen.
        let mse = pow(Self.rmse(result.booster.predict(vx), vy), 2)
        #expect(abs(mse - valid.min()!) < 1e-9)
        // Without early stopping every tree is kept; the best round is still reported.
        c.earlyStoppingRound = 0
        c.numIterations = 40
        let all = try GBDTTrainer.train(
            features: x, labels: y, featureNames: ["a", "b", "c", "d", "e", "f"], validation: (vx, vy), config: c)
        #expect(all.booster.trees.count == 40 && !all.stoppedEarly)
        #expect(all.bestIteration <= 40 && all.history.count == 40)
    }

    @Test func sameSeedSameBits() throws {
        let (x, y) = GBDTFixtures.synthetic(rows: 1500, seed: 7)
        var c = Self.smallConfig()
        c.numIterations = 20
        let names = ["a", "b", "c", "d", "e", "f"]
        let a = try GBDTTrainer.train(features: x, labels: y, featureNames: names, config: c)
        let b = try GBDTTrainer.train(features: x, labels: y, featureNames: names, config: c)
        #expect(a.booster.textModel() == b.booster.textModel())
        c.seed = 6
        let other = try GBDTTrainer.train(features: x, labels: y, featureNames: names, config: c)
        #expect(other.booster.textModel() != a.booster.textModel())
    }

    /// Fits sharing a `RunCache` (tune's trials of one fold) reuse the binned rows and give the
    /// bits a fit without one gives, whatever `min_data_in_leaf` each asks for.
    @Test func cachedBinningGivesTheSameBits() throws {
        let (x, y) = GBDTFixtures.synthetic(rows: 1500, seed: 7)
        let names = ["a", "b", "c", "d", "e", "f"]
        let cache = RunCache()
        for minData in [20, 5, 300, 20] {
            var c = Self.smallConfig()
            c.numIterations = 15
            c.minDataInLeaf = minData
            let plain = try GBDTTrainer.train(features: x, labels: y, featureNames: names, config: c)
            let cached = try GBDTTrainer.train(features: x, labels: y, featureNames: names, config: c, cache: cache)
            #expect(cached.booster.textModel() == plain.booster.textModel(), "min_data_in_leaf \(minData)")
        }
        #expect(cache.count == 1)
        var other = Self.smallConfig()
        other.maxBin = 31
        _ = try GBDTTrainer.train(features: x, labels: y, featureNames: names, config: other, cache: cache)
        let (x2, y2) = GBDTFixtures.synthetic(rows: 1500, seed: 8)
        _ = try GBDTTrainer.train(features: x2, labels: y2, featureNames: names, config: Self.smallConfig(), cache: cache)
        #expect(cache.count == 3)
    }

    @Test func trainedModelRoundTripsThroughTextBitExactly() throws {
        let (x, y) = GBDTFixtures.synthetic(rows: 1500, seed: 8)
        var c = Self.smallConfig()
        c.numIterations = 15
        let booster = try GBDTTrainer.train(
            features: x, labels: y, featureNames: ["a", "b", "c", "d", "e", "f"], config: c
        ).booster
        let text = booster.textModel()
        let reread = try Booster.parse(text: text, path: "kilo.txt")
        #expect(reread.textModel() == text)
        #expect(reread.predict(x).map(\.bitPattern) == booster.predict(x).map(\.bitPattern))
        #expect(reread.featureInfos == booster.featureInfos)
    }

    @Test func binaryObjectiveLearnsProbabilities() throws {
        let (x, y) = GBDTFixtures.synthetic(rows: 3000, seed: 9)
        let labels = y.map { $0 > 0.5 ? 1.0 : 0.0 }
        var c = Self.smallConfig()
        c.objective = "binary"
        c.numIterations = 40
        let result = try GBDTTrainer.train(
            features: x, labels: labels, featureNames: ["a", "b", "c", "d", "e", "f"], config: c)
        let p = result.booster.predict(x)
        #expect(p.allSatisfy { $0 > 0 && $0 < 1 })
        let accuracy = Double(zip(p, labels).filter { ($0 > 0.5) == ($1 > 0.5) }.count) / Double(p.count)
        #expect(accuracy > 0.85)
        #expect(result.history.last!.trainMetric < result.history.first!.trainMetric)
        #expect(result.booster.objective == "binary sigmoid:1")
    }

    @Test func huberObjectiveBeatsMeanPredictor() throws {
        let (x, y) = GBDTFixtures.synthetic(rows: 3000, seed: 10)
        var c = Self.smallConfig()
        c.objective = "huber"
        c.alpha = 1.0
        c.lambdaL1 = 0.1
        c.lambdaL2 = 1
        c.learningRate = 0.2
        let result = try GBDTTrainer.train(
            features: x, labels: y, featureNames: ["a", "b", "c", "d", "e", "f"], config: c)
        let mean = y.reduce(0, +) / Double(y.count)
        #expect(Self.rmse(result.booster.predict(x), y) < 0.6 * Self.rmse([Double](repeating: mean, count: y.count), y))
    }

    @Test func cancellationStopsTraining() throws {
        let (x, y) = GBDTFixtures.synthetic(rows: 500, seed: 11)
        let token = CancellationToken()
        var rounds = 0
        #expect(throws: ModelError.cancelled) {
            _ = try GBDTTrainer.train(
                features: x, labels: y, featureNames: ["a", "b", "c", "d", "e", "f"], config: Self.smallConfig(),
                cancellation: token,
                progress: { _ in
                    rounds += 1
                    if rounds == 3 { token.cancel() }
                })
        }
        #expect(rounds == 3)
    }

    @Test func badInputsAreErrors() {
        let (x, y) = GBDTFixtures.synthetic(rows: 100, seed: 12)
        #expect(throws: ModelError.featureMismatch(expected: 6, got: 2)) {
            _ = try GBDTTrainer.train(features: x, labels: y, featureNames: ["a", "b"], config: Self.smallConfig())
        }
        var c = Self.smallConfig()
        c.objective = "binary"
        #expect(throws: ModelError.self) {
            _ = try GBDTTrainer.train(
                features: x, labels: y, featureNames: ["a", "b", "c", "d", "e", "f"], config: c)
        }
        c.objective = "poisson"
        #expect(throws: ModelError.self) {
            _ = try GBDTTrainer.train(
                features: x, labels: y, featureNames: ["a", "b", "c", "d", "e", "f"], config: c)
        }
    }
}
