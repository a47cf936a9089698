import Foundation
import Testing

@testable import KiloCore

@Suite struct FeatureMetadataTests {
    static func metadata(_ config: FeatureConfig = FeatureConfig()) -> FeatureMetadata {
        let m = FeatureEngine(config: config).generate(for: FeatureTestData.synthetic(count: 100, seed: 5))
        return FeatureMetadata(matrix: m, trainRows: 50..<90, dataSHA256: SHA256.hex(of: "data"))
    }

    @Test func recordsNamesParametersLookbacksAndRanges() {
        let meta = Self.metadata()
        #expect(meta.featureNames == FeatureEngine().specs.map(\.name))
        #expect(meta.features.first { $0.name == "rsi" }?.parameters == [FeatureParameter("timeperiod", 14)])
        #expect(meta.specHash == FeatureSpec.hash(of: FeatureEngine().specs))
        #expect(meta.specHash.count == 64)
        #expect(meta.interval.name == "30m")
        #expect(meta.trainRange.startRow == 50 && meta.trainRange.endRow == 90)
        let start: Int64 = 1_700_000_000_000 + 50 * 1_800_000
        #expect(meta.trainRange.startTimestamp == start)
        #expect(RunFiles(folder: "", symbol: "ADAEUR", stamp: "").metadata == "metadata/features_ADAEUR.json")
    }

    @Test func verifyAcceptsTheSameSpec() throws {
        try Self.metadata().verify(against: FeatureEngine().specs)
    }

    @Test func verifyNamesTheFirstDifferingFeature() {
        let meta = Self.metadata()
        var config = FeatureConfig()
        config.rsiPeriod = 21
        let changed = FeatureEngine(config: config).specs
        #expect {
            try meta.verify(against: changed)
        } throws: { error in
            guard case FeatureError.specMismatch(_, let name, _, _) = error else { return false }
            return name == "rsi" && "\(error)".contains("'rsi'")
        }
        var fewer = FeatureConfig()
        fewer.smaPeriods = [5, 10, 20]
        #expect {
            try meta.verify(against: FeatureEngine(config: fewer).specs)
        } throws: { error in
            guard case FeatureError.specMismatch(let index, let name, _, _) = error else { return false }
            return index == 29 && name == "sma_50"
        }
        #expect {
            try meta.verify(against: Array(FeatureEngine().specs.dropLast()))
        } throws: { error in
            guard case FeatureError.specMismatch(_, let name, _, let found) = error else { return false }
            return name == "market_regime" && found == "<no column>"
        }
    }

    @Test func savesAndLoads() throws {
        let meta = Self.metadata()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("meta-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try meta.save(to: path)
        #expect(try FeatureMetadata.load(from: path) == meta)
    }
}
