import Testing

@testable import KiloCore

@Suite struct SplitInfoTests {
    /// Three bins with hand-made sums; gains computed by hand from G^2/(H+l2) with L1 shrinkage.
    @Test func gainMatchesHandComputation() {
        // bins: (g, count, h)
        let entries: [Double] = [-6, 3, 3, 2, 2, 2, 5, 4, 4]
        var config = LightGBMConfig()
        config.minDataInLeaf = 1
        config.minSumHessianInLeaf = 0
        config.lambdaL1 = 1
        config.lambdaL2 = 2
        let p = SplitParameters(config: config)
        let split = entries.withUnsafeBufferPointer {
            SplitFinder.bestThreshold(
                entries: $0.baseAddress!, binCount: 3, hasNaNBin: false, feature: 4, sumGradient: 1,
                sumHessian: 9, count: 9, parameters: p)
        }
        // T(G) = sign(G) * max(0, |G| - 1); gain(G, H) = T(G)^2 / (H + 2).
        func gain(_ g: Double, _ h: Double) -> Double {
            let t = g > 0 ? max(0, g - 1) : -max(0, -g - 1)
            return t * t / (h + 2)
        }
        let parent = gain(1, 9)
        let after0 = gain(-6, 3) + gain(7, 6)  // threshold bin 0: 25/5 + 36/8 = 9.5
        let after1 = gain(-4, 5) + gain(5, 4)  // threshold bin 1: 9/7 + 16/6
        #expect(after0 > after1)
        #expect(split.feature == 4)
        #expect(split.thresholdBin == 0)
        #expect(abs(split.gain - (after0 - parent)) < 1e-9)
        #expect(abs(split.leftOutput - 5.0 / 5.0) < 1e-9)  // -T(-6)/(3+2) = 5/5
        #expect(abs(split.rightOutput - (-6.0 / 8.0)) < 1e-9)  // -T(7)/(6+2)
        #expect(split.leftCount == 3 && split.rightCount == 6)
        #expect(split.defaultLeft)
    }

    @Test func nanBinCanGoRight() {
        // bins 0,1 real, bin 2 NaN; NaN rows have very different gradients from bin 1.
        let entries: [Double] = [-5, 5, 5, 5, 5, 5, 40, 5, 5]
        var config = LightGBMConfig()
        config.minDataInLeaf = 1
        config.minSumHessianInLeaf = 0
        let split = entries.withUnsafeBufferPointer {
            SplitFinder.bestThreshold(
                entries: $0.baseAddress!, binCount: 3, hasNaNBin: true, feature: 0, sumGradient: 40,
                sumHessian: 15, count: 15, parameters: SplitParameters(config: config))
        }
        // Best: {bin0, bin1} vs {NaN}: forward scan at threshold 1 with NaN right.
        #expect(split.thresholdBin == 1)
        #expect(!split.defaultLeft)
        #expect(split.rightCount == 5)
    }

    @Test func minDataInLeafBlocksSplits() {
        let entries: [Double] = [-6, 3, 3, 2, 2, 2, 5, 4, 4]
        var config = LightGBMConfig()
        config.minDataInLeaf = 4
        config.minSumHessianInLeaf = 0
        let split = entries.withUnsafeBufferPointer {
            SplitFinder.bestThreshold(
                entries: $0.baseAddress!, binCount: 3, hasNaNBin: false, feature: 0, sumGradient: 1,
                sumHessian: 9, count: 9, parameters: SplitParameters(config: config))
        }
        #expect(split.isValid && split.thresholdBin == 1)  // bin 0 alone has 3 < 4 rows; {0,1} | {2} is 5 | 4
        config.minDataInLeaf = 5
        let none = entries.withUnsafeBufferPointer {
            SplitFinder.bestThreshold(
                entries: $0.baseAddress!, binCount: 3, hasNaNBin: false, feature: 0, sumGradient: 1,
                sumHessian: 9, count: 9, parameters: SplitParameters(config: config))
        }
        #expect(!none.isValid)
    }
}
