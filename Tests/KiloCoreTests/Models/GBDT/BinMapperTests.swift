import Foundation
import Testing

@testable import KiloCore

@Suite struct BinMapperTests {
    /// LightGBM's bins on the fixture: its `feature_infos` equal ours, and every threshold its
    /// trees chose is one of our bin upper bounds.
    @Test func boundsMatchLightGBMOnFixture() throws {
        let (x, _) = try GBDTFixtures.data(train: true)
        let lightgbm = try Booster.load(contentsOfFile: GBDTFixtures.path("wide.txt"))
        var thresholdsChecked = 0
        for j in 0..<5 {
            let column = (0..<x.rowCount).map { x[$0, j] }
            let mapper = BinMapper(sample: column, maxBin: 255, minDataInBin: 3, minSplitData: 1)
            #expect(mapper.featureInfo == lightgbm.featureInfos[j], "feature \(j)")
            let bounds = Set(mapper.upperBounds.indices.map { mapper.threshold(ofBin: $0) })
            for tree in lightgbm.trees {
                for (node, f) in tree.splitFeature.enumerated() where f == j {
                    #expect(bounds.contains(tree.threshold[node]), "feature \(j) threshold \(tree.threshold[node])")
                    thresholdsChecked += 1
                }
            }
        }
        #expect(thresholdsChecked > 1000)
    }

    @Test func nanGetsItsOwnLastBin() {
        let values = [1.0, 2, 3, .nan, 4, 5, .nan, 0, 0, 0]
        let m = BinMapper(sample: values, maxBin: 255, minDataInBin: 1, minSplitData: 1)
        #expect(m.missingType == .nan)
        #expect(m.nanBin == m.binCount - 1)
        #expect(m.bin(of: .nan) == m.binCount - 1)
        #expect(m.upperBounds.last.map { $0.isNaN } == true)
        #expect(m.bin(of: 0) != m.bin(of: 1))
        #expect(m.bin(of: -1e-40) == m.bin(of: 0))
        let none = BinMapper(sample: [1, 2, 3, 0], maxBin: 255, minDataInBin: 1, minSplitData: 1)
        #expect(none.missingType == .none)
        #expect(none.bin(of: .nan) == none.bin(of: 0))
    }

    @Test func manyValuesUseAtMostMaxBin() {
        var rng = SplitMix64(seed: 3)
        let values = (0..<20_000).map { _ in rng.nextGaussian() }
        let m = BinMapper(sample: values, maxBin: 63, minDataInBin: 3, minSplitData: 20)
        #expect(m.binCount <= 63 && m.binCount > 50)
        #expect(zip(m.upperBounds, m.upperBounds.dropFirst()).allSatisfy { $0 < $1 })
        // Roughly equal counts per bin (zero has a bin of its own).
        var counts = [Int](repeating: 0, count: m.binCount)
        for v in values { counts[m.bin(of: v)] += 1 }
        #expect(counts.max()! < 3 * values.count / m.binCount)
    }

    @Test func constantFeatureIsTrivial() {
        let m = BinMapper(sample: [Double](repeating: 2, count: 100), maxBin: 255, minDataInBin: 3, minSplitData: 20)
        #expect(m.isTrivial)
        #expect(m.featureInfo == "none")
    }

    /// `filtered(minSplitData:)` gives the filter a fresh mapper with that `minSplitData` has, on
    /// the same bins (what lets `tune` bin a fold once for trials of any `min_data_in_leaf`).
    @Test func refilteringEqualsBinningAgain() {
        var rng = SplitMix64(seed: 11)
        let skewed = (0..<400).map { i in i < 380 ? 0 : rng.nextGaussian() }
        let spread = (0..<400).map { _ in rng.nextGaussian() } + [.nan, .nan]
        for sample in [skewed, spread, [Double](repeating: 2, count: 50)] {
            let base = BinMapper(sample: sample, maxBin: 255, minDataInBin: 3, minSplitData: 1)
            var trivialities: Set<Bool> = []
            for minSplit in [1, 10, 20, 100, 200, 400] {
                let fresh = BinMapper(sample: sample, maxBin: 255, minDataInBin: 3, minSplitData: minSplit)
                let refiltered = base.filtered(minSplitData: minSplit)
                // Field by field: a NaN bin's bound is NaN, which `==` never equals.
                #expect(refiltered.isTrivial == fresh.isTrivial, "min split \(minSplit)")
                #expect(refiltered.upperBounds.map(\.bitPattern) == fresh.upperBounds.map(\.bitPattern))
                #expect(refiltered.missingType == fresh.missingType && refiltered.rowsPerBin == fresh.rowsPerBin)
                trivialities.insert(fresh.isTrivial)
            }
            if sample.count == 400 { #expect(trivialities == [false, true]) }
        }
    }
}
