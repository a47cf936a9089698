import Testing

@testable import KiloCore

@Suite struct FeatureCatalogueTests {
    /// The original Bot_kilo v2.0 columns in model input order (113).
    static let original: [String] = {
        var names = [
            "hl_avg", "hlc_avg", "ohlc_avg", "price_range", "price_range_pct", "body", "body_pct",
            "upper_shadow", "lower_shadow", "upper_shadow_pct", "lower_shadow_pct",
        ]
        for p in [1, 5, 15] { names += ["return_\(p)", "log_return_\(p)", "high_return_\(p)", "low_return_\(p)"] }
        for p in [5, 10, 20, 50] { names += ["sma_\(p)", "sma_\(p)_ratio"] }
        for p in [5, 10, 20, 50] { names += ["ema_\(p)", "ema_\(p)_ratio"] }
        names += [
            "rsi", "macd", "macd_signal", "macd_histogram", "bb_upper", "bb_middle", "bb_lower", "bb_width",
            "bb_position", "atr", "atr_pct", "stoch_k", "stoch_d", "cci", "adx",
            "volume_sma_10", "volume_sma_20", "volume_ratio", "vwap", "volume_price_trend", "obv",
            "volume_roc_5", "volume_roc_10",
        ]
        for p in [10, 20, 50] { names += ["volatility_\(p)", "hist_vol_\(p)", "parkinson_vol_\(p)"] }
        names += [
            "vol_ratio_10_20", "vol_ratio_20_50", "roc_5", "roc_10", "roc_20", "momentum_5", "momentum_10",
            "momentum_20", "williams_r_14", "williams_r_21", "hour", "hour_sin", "hour_cos", "day_of_week",
            "dow_sin", "dow_cos", "month", "month_sin", "month_cos", "is_weekend", "is_night",
            "price_above_sma20", "price_above_ema20", "sma_cross", "ema_cross", "rsi_oversold",
            "rsi_overbought", "macd_bullish", "bb_squeeze", "bb_breakout_upper", "bb_breakout_lower",
            "high_volume", "low_volume", "ichimoku_tenkan", "ichimoku_kijun", "ichimoku_senkou_a",
            "vwap_deviation", "accumulation_distribution", "spread_proxy", "price_impact",
            "trend_strength_index", "market_regime",
        ]
        return names
    }()

    @Test func defaultCatalogueIsTheOriginalInOrderPlusTheTALibAdditions() {
        let names = FeatureCatalogue.names(for: FeatureConfig())
        #expect(Self.original.count == 113)
        #expect(names.count == 116)
        #expect(names.filter { !["mfi", "natr", "mom_10"].contains($0) } == Self.original)
        #expect(names[names.firstIndex(of: "mfi")! - 1] == "volume_roc_10")
        #expect(names[names.firstIndex(of: "natr")! - 1] == "vol_ratio_20_50")
        #expect(names[names.firstIndex(of: "mom_10")! - 1] == "williams_r_21")
        #expect(Set(names).count == names.count)
    }

    @Test func familiesAndPeriodsComeFromTheConfig() {
        var config = FeatureConfig()
        config.families = [.advanced, .momentum]
        config.rocPeriods = [7]
        config.momPeriod = 12
        let specs = FeatureCatalogue.specs(for: config)
        #expect(specs.first?.family == .momentum)  // catalogue order, not config order
        #expect(specs.map(\.name).contains("roc_7") && specs.map(\.name).contains("mom_12"))
        #expect(!specs.map(\.name).contains("roc_5"))
        #expect(specs.first { $0.name == "roc_7" }?.lookback == 7)
    }

    @Test func everySpecDeclaresItsLookbackAndParameters() {
        let specs = FeatureCatalogue.specs(for: FeatureConfig())
        #expect(specs.first { $0.name == "adx" }?.lookback == 27)
        #expect(specs.first { $0.name == "macd" }?.lookback == 33)
        #expect(specs.first { $0.name == "bb_squeeze" }?.lookback == 38)
        #expect(specs.first { $0.name == "trend_strength_index" }?.lookback == 49)
        #expect(specs.first { $0.name == "obv" }?.parameters == [FeatureParameter("window", 48)])
        #expect(specs.filter { $0.definition.hasPrefix("talib.") }.count >= 30)
    }
}
