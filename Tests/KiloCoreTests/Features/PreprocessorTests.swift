import Foundation
import Testing

@testable import KiloCore

@Suite struct PreprocessorTests {
    static func matrix() -> FeatureMatrix {
        FeatureEngine().generate(for: FeatureTestData.synthetic(count: 400, seed: 11))
    }

    @Test func standardScalerUsesTrainingRowsOnly() throws {
        let m = Self.matrix()
        let p = try Preprocessor.fit(m, trainingRows: 0..<200, config: FeatureConfig())
        let c = try #require(m.columnIndex(named: "rsi"))
        let train = m.trainingRows(in: 0..<200).map { m[$0, c] }
        let mean = train.reduce(0, +) / Double(train.count)
        #expect(abs(p.centers[c] - mean) < 1e-12)
        #expect(p.trainingRowCount == 200 - 50)
        // Changing rows after the training range does not change the fit.
        var later = m
        for r in 250..<400 { later[r, c] = 1e6 }
        #expect(try Preprocessor.fit(later, trainingRows: 0..<200, config: FeatureConfig()) == p)
    }

    @Test func transformScalesClipsAndLeavesWarmupNaN() throws {
        let m = Self.matrix()
        var config = FeatureConfig()
        config.clip = 1.5
        let p = try Preprocessor.fit(m, trainingRows: 0..<300, config: config)
        let (scaled, _) = try p.transform(m)
        let c = try #require(m.columnIndex(named: "sma_50"))
        #expect(scaled[10, c].isNaN)
        let finite = scaled.values.filter { !$0.isNaN }
        #expect(finite.allSatisfy { abs($0) <= 1.5 })
        #expect(finite.contains(1.5) || finite.contains(-1.5))
        let r = 120
        let expected = min(max((m[r, c] - p.centers[c]) / p.scales[c], -1.5), 1.5)
        #expect(scaled[r, c] == expected)
        #expect(p.scale(m[r, c], column: c) == expected)
    }

    @Test func robustScalerUsesMedianAndIQR() throws {
        let m = Self.matrix()
        var config = FeatureConfig()
        config.scaler = .robust
        let p = try Preprocessor.fit(m, trainingRows: 0..<400, config: config)
        let c = try #require(m.columnIndex(named: "return_1"))
        let values = m.trainingRows(in: 0..<400).map { m[$0, c] }.sorted()
        #expect(p.centers[c] == Preprocessor.quantile(values, 0.5))
        #expect(p.scales[c] == Preprocessor.quantile(values, 0.75) - Preprocessor.quantile(values, 0.25))
        #expect(Preprocessor.quantile([1, 2, 3, 4], 0.5) == 2.5)
    }

    @Test func savesAndLoadsAsJSON() throws {
        let m = Self.matrix()
        let p = try Preprocessor.fit(m, trainingRows: 0..<300, config: FeatureConfig())
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pre-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try p.save(to: path)
        #expect(try Preprocessor.load(from: path) == p)
        #expect(
            RunFiles(folder: "", symbol: "BTCEUR", stamp: ModelStore.timestamp(Date(timeIntervalSince1970: 1_724_628_645))).preprocessor
                == "preprocessor_BTCEUR_20240825_233045.json")
        #expect(throws: FeatureError.self) { try Preprocessor.load(from: path + ".missing") }
    }

    @Test func refusesAnEmptyTrainingRangeAndOtherColumns() throws {
        let m = Self.matrix()
        #expect(throws: FeatureError.emptyTrainingRange(lower: 0, upper: 40)) {
            try Preprocessor.fit(m, trainingRows: 0..<40, config: FeatureConfig())
        }
        let p = try Preprocessor.fit(m, trainingRows: 0..<300, config: FeatureConfig())
        var config = FeatureConfig()
        config.families = [.price]
        let other = FeatureEngine(config: config).generate(for: FeatureTestData.synthetic(count: 10, seed: 1))
        #expect(throws: FeatureError.columnMismatch(expected: m.columnCount, found: other.columnCount)) {
            try p.transform(other)
        }
    }
}
