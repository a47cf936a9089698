import Foundation
import Testing

@testable import KiloCore

@Suite struct ConfigSectionTests {
    /// Every section type of `config.yaml`.
    static let sections: [any ConfigSection.Type] = [
        EngineConfig.self, DataConfig.self, FeatureConfig.self, TrainingConfig.self, ModelsConfig.self,
        RayConfig.self, GRUConfig.self, LightGBMConfig.self, PPOConfig.self, TradingConfig.self, LiveConfig.self,
        PathsConfig.self,
        LoggingConfig.self, LoggingConfig.File.self, NotificationsConfig.self, NotificationsConfig.Telegram.self,
        TuneConfig.self, TuneSpacesConfig.self,
    ]

    /// A stored property missing from `keys` would silently keep its default: the table must
    /// name as many keys as the type has stored properties, each spelling once.
    @Test(arguments: 0..<sections.count)
    func everyStoredPropertyIsDeclaredOnce(index: Int) {
        func check<S: ConfigSection>(_: S.Type) {
            let properties = Mirror(reflecting: S()).children.count
            #expect(S.keys.count == properties, "\(S.self): \(S.keys.count) keys for \(properties) properties")
            let spellings = S.keys.flatMap { [$0.name] + $0.aliases }
            #expect(Set(spellings).count == spellings.count, "\(S.self) spells a key twice: \(spellings)")
            let paths = S.keys.map(\.path)
            #expect(Set(paths).count == paths.count, "\(S.self) declares a property twice")
        }
        check(Self.sections[index])
    }

    @Test func everySectionIsInTheEngineTree() {
        func count(_ keys: [ConfigKeyReference]) -> Int { keys.reduce(1) { $0 + ($1.children.map(count) ?? 0) } }
        // The engine plus its seventeen nested sections.
        #expect(count(EngineConfig.reference) == Self.sections.count)
    }

    @Test func decodingKeepsDefaultsAndAppliesAliasesAndTransforms() throws {
        let yaml = "data: {symbols: [btceur]}\nmodels: {lightgbm: {n_estimators: 9, early_stopping_round: ~}}\n"
        let config = try ConfigLoader.parse(yaml, path: "c.yaml").config
        #expect(config.data.symbols == ["BTCEUR"])
        #expect(config.data.dir == DataConfig().dir)
        #expect(config.models.lightgbm.numIterations == 9)
        #expect(config.models.lightgbm.earlyStoppingRound == LightGBMConfig().earlyStoppingRound)
    }

    @Test func theFirstFailingKeyIsReportedInTheFixedOrder() {
        var data = DataConfig()
        data.symbols = ["not a symbol"]
        data.staleAfterBars = 0
        // `symbols` is checked after the other keys.
        #expect(throws: ConfigError.invalidValue(key: "data.stale_after_bars", value: "0", reason: "must be at least 1")) {
            try data.validate(prefix: "data")
        }
        data.staleAfterBars = 2
        #expect(throws: ConfigError.invalidValue(key: "data.symbols", value: "not a symbol", reason: "not a symbol (\(BarSymbol.rule))")) {
            try data.validate(prefix: "data")
        }
        var training = TrainingConfig()
        training.testFraction = 0.25
        #expect(throws: ConfigError.invalidValue(key: "training.test_fraction", value: "0.25", reason: "the three fractions sum to 1.1, not 1")) {
            try training.validate(prefix: "training")
        }
    }

    @Test func keyNamesAreFoundByProperty() {
        #expect(TradingConfig.name(of: \TradingConfig.fee) == "fee")
        #expect(TradingConfig.name(of: \TradingConfig.positionTimeoutBars) == "position_timeout_bars")
        #expect(LiveConfig.name(of: \LiveConfig.baseURL) == "base_url")
    }
}

@Suite struct ConfigReferenceRenderTests {
    @Test func defaultsRenderPlainly() {
        #expect(ConfigReference.render(10_000.0) == "10000")
        #expect(ConfigReference.render(0.0005) == "0.0005")
        #expect(ConfigReference.render([64, 64]) == "[64, 64]")
        #expect(ConfigReference.render(ScalerKind.robust) == "robust")
        #expect(ConfigReference.render(["b": 0.5, "a": 1.0]) == "{a: 1, b: 0.5}")
        #expect(ConfigReference.render(BarInterval(seconds: 1_800)) == "30m")
    }

    @Test func markdownListsLeavesWithDefaultsRulesAndAliases() {
        let table = ConfigReference.markdown(ModelsConfig.reference)
        #expect(table.hasPrefix("| key | default | rules | meaning |\n|---|---|---|---|\n| `gru.sequence_length` | `30` | must be in 1...10000 |"))
        #expect(table.contains("| `lightgbm.num_iterations` | `1000` | must be at least 1 | boosting rounds (alias `n_estimators`) |"))
        #expect(table.contains("| `keep_versions` | `5` | must be 0 or more |"))
        #expect(!table.contains("`gru` |"))
    }

    @Test func enumerationsListTheirValues() {
        #expect(ConfigReference.choices(of: LoggingConfig.Level.self) == ["one of error, warning, info, debug"])
        #expect(ConfigReference.choices(of: Int.self).isEmpty)
        let table = ConfigReference.markdown(LoggingConfig.reference)
        #expect(table.contains("| `level` | `warning` | one of error, warning, info, debug |"))
    }
}
