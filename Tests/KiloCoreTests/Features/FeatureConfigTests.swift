import Foundation
import Testing
import Yams

@testable import KiloCore

@Suite struct FeatureConfigTests {
    @Test func missingKeysKeepTheirDefaults() throws {
        let config = try YAMLDecoder().decode(FeatureConfig.self, from: "rsi_period: 21\nscaler: robust\n")
        var expected = FeatureConfig()
        expected.rsiPeriod = 21
        expected.scaler = .robust
        #expect(config == expected)
        #expect(try YAMLDecoder().decode(FeatureConfig.self, from: "{}") == FeatureConfig())
    }

    @Test func everyKeyIsReadFromYAML() throws {
        // Encode a config where every value differs from its default, decode it, and compare.
        var changed = FeatureConfig()
        changed.families = [.price]
        changed.returnPeriods = [2]
        changed.smaPeriods = [7]
        changed.emaPeriods = [8]
        changed.rsiPeriod = 9
        changed.macdFast = 10
        changed.macdSlow = 30
        changed.macdSignal = 5
        changed.bbPeriod = 15
        changed.bbStd = 2.5
        changed.atrPeriod = 10
        changed.stochKPeriod = 9
        changed.stochDPeriod = 4
        changed.cciPeriod = 14
        changed.adxPeriod = 10
        changed.volumeSMAPeriods = [30]
        changed.vwapWindow = 24
        changed.obvWindow = 24
        changed.volumeROCPeriods = [3]
        changed.mfiPeriod = 10
        changed.volatilityPeriods = [5, 15]
        changed.natrPeriod = 10
        changed.rocPeriods = [3]
        changed.momentumPeriods = [4]
        changed.williamsPeriods = [10]
        changed.momPeriod = 11
        changed.ichimokuTenkan = 8
        changed.ichimokuKijun = 22
        changed.adWindow = 24
        changed.priceImpactWindow = 10
        changed.tsiPeriod = 20
        changed.regimePeriod = 15
        changed.regimeSpan = 8
        changed.maxGapBars = 5
        changed.ffillLimit = 1
        changed.targetHorizon = 2
        changed.scaler = .robust
        changed.clip = 5
        let yaml = try YAMLEncoder().encode(changed)
        for key in FeatureConfig.keys.map(\.name) { #expect(yaml.contains("\(key):"), "\(key)") }
        let decoded = try YAMLDecoder().decode(FeatureConfig.self, from: yaml)
        #expect(decoded == changed)
        try decoded.validate(prefix: "features")
    }

    @Test func validateNamesTheKey() {
        var config = FeatureConfig()
        config.rsiPeriod = 1
        #expect(throws: ConfigError.invalidValue(key: "features.rsi_period", value: "1", reason: "must be in 2...10000")) {
            try config.validate(prefix: "features")
        }
        config = FeatureConfig()
        config.macdSlow = 10
        #expect(throws: ConfigError.self) { try config.validate() }
        config = FeatureConfig()
        config.clip = -1
        #expect(throws: ConfigError.self) { try config.validate() }
        config = FeatureConfig()
        config.smaPeriods = [5, 5]
        #expect(throws: ConfigError.self) { try config.validate() }
        #expect(throws: Never.self) { try FeatureConfig().validate() }
    }

    @Test func periodsChangeTheSpecAndTheValues() {
        var config = FeatureConfig()
        config.families = [.technical]
        config.rsiPeriod = 7
        let series = FeatureTestData.synthetic(count: 40, seed: 8)
        let m = FeatureEngine(config: config).generate(for: series)
        let c = m.columnIndex(named: "rsi")
        #expect(c != nil && m.specs[c ?? 0].lookback == 7 && m[7, c ?? 0].isFinite && m[6, c ?? 0].isNaN)
    }
}
