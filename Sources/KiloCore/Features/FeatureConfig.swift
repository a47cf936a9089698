/// The feature families of the original catalogue, in model input order.
public enum FeatureFamily: String, Sendable, Codable, CaseIterable, Hashable {
    case price, technical, volume, volatility, momentum, time, flags, advanced
}

/// How the preprocessor centres and scales each column.
public enum ScalerKind: String, Sendable, Codable, Equatable, CaseIterable {
    /// `(x - mean) / std` (population std; a zero std scales by 1).
    case standard
    /// `(x - median) / IQR` (IQR = q75 - q25; a zero IQR scales by 1).
    case robust
}

/// The `features` section of `config.yaml`. Every key is read by the engine.
///
/// Every property is a key of `keys` (its name, meaning and rules are declared there).
public struct FeatureConfig: ConfigSection {
    public var families: [FeatureFamily] = FeatureFamily.allCases
    public var returnPeriods: [Int] = [1, 5, 15]
    public var smaPeriods: [Int] = [5, 10, 20, 50]
    public var emaPeriods: [Int] = [5, 10, 20, 50]
    public var rsiPeriod: Int = 14
    public var macdFast: Int = 12
    public var macdSlow: Int = 26
    public var macdSignal: Int = 9
    public var bbPeriod: Int = 20
    public var bbStd: Double = 2.0
    public var atrPeriod: Int = 14
    public var stochKPeriod: Int = 14
    public var stochDPeriod: Int = 3
    public var cciPeriod: Int = 20
    public var adxPeriod: Int = 14
    public var volumeSMAPeriods: [Int] = [10, 20]
    public var vwapWindow: Int = 48
    public var obvWindow: Int = 48
    public var volumeROCPeriods: [Int] = [5, 10]
    public var mfiPeriod: Int = 14
    public var volatilityPeriods: [Int] = [10, 20, 50]
    public var natrPeriod: Int = 14
    public var rocPeriods: [Int] = [5, 10, 20]
    public var momentumPeriods: [Int] = [5, 10, 20]
    public var williamsPeriods: [Int] = [14, 21]
    public var momPeriod: Int = 10
    public var ichimokuTenkan: Int = 9
    public var ichimokuKijun: Int = 26
    public var adWindow: Int = 48
    public var priceImpactWindow: Int = 20
    public var tsiPeriod: Int = 25
    public var regimePeriod: Int = 20
    public var regimeSpan: Int = 10
    public var maxGapBars: Int = 3
    public var ffillLimit: Int = 3
    public var targetHorizon: Int = 1
    public var scaler: ScalerKind = .standard
    public var clip: Double = 10.0

    /// All defaults.
    public init() {}

    public static let keys: [ConfigKey<FeatureConfig>] = [
        .value("families", \.families, "enabled families (order in the output is always the catalogue order)", rules: [distinctFamilies]),
        .value("return_periods", \.returnPeriods, "lags of `return_p`, `log_return_p`, `high_return_p`, `low_return_p`", rules: periods(from: 1)),
        .value("sma_periods", \.smaPeriods, "periods of `sma_p` / `sma_p_ratio` (TA-Lib SMA)", rules: periods(from: 1)),
        .value("ema_periods", \.emaPeriods, "periods of `ema_p` / `ema_p_ratio` (TA-Lib EMA, SMA seed)", rules: periods(from: 1)),
        .value("rsi_period", \.rsiPeriod, "TA-Lib RSI period (Wilder)", rules: [.within(2...10_000)]),
        .value("macd_fast", \.macdFast, "TA-Lib MACD fast period", rules: [.within(2...10_000)]),
        .value("macd_slow", \.macdSlow, "TA-Lib MACD slow period", rules: [.within(2...10_000), slowerThanFast]),
        .value("macd_signal", \.macdSignal, "TA-Lib MACD signal period", rules: [.within(1...10_000)]),
        .value("bb_period", \.bbPeriod, "TA-Lib BBANDS period (SMA middle band)", rules: [.within(2...10_000)]),
        .value("bb_std", \.bbStd, "TA-Lib BBANDS deviations (up and down)", rules: [.positive]),
        .value("atr_period", \.atrPeriod, "TA-Lib ATR period (also `atr_pct`)", rules: [.within(2...10_000)]),
        .value("stoch_k_period", \.stochKPeriod, "TA-Lib STOCHF fast %K period (`stoch_k`)", rules: [.within(1...10_000)]),
        .value("stoch_d_period", \.stochDPeriod, "TA-Lib STOCHF fast %D period (`stoch_d`, SMA of %K)", rules: [.within(1...10_000)]),
        .value("cci_period", \.cciPeriod, "TA-Lib CCI period", rules: [.within(2...10_000)]),
        .value("adx_period", \.adxPeriod, "TA-Lib ADX period", rules: [.within(2...10_000)]),
        .value("volume_sma_periods", \.volumeSMAPeriods, "periods of `volume_sma_p`; `volume_ratio` divides by the last one", rules: periods(from: 1) + [volumeRatioPeriod]),
        .value("vwap_window", \.vwapWindow, "window (bars) of the rolling VWAP", rules: [.within(1...10_000)]),
        .value("obv_window", \.obvWindow, "window (bars) of the rolling OBV", rules: [.within(1...10_000)]),
        .value("volume_roc_periods", \.volumeROCPeriods, "lags of `volume_roc_p`", rules: periods(from: 1)),
        .value("mfi_period", \.mfiPeriod, "TA-Lib MFI period", rules: [.within(2...10_000)]),
        .value(
            "volatility_periods", \.volatilityPeriods,
            "windows of `volatility_p`, `hist_vol_p`, `parkinson_vol_p`; ratios of consecutive pairs",
            rules: periods(from: 2)),
        .value("natr_period", \.natrPeriod, "TA-Lib NATR period", rules: [.within(2...10_000)]),
        .value("roc_periods", \.rocPeriods, "TA-Lib ROC periods (`roc_p`)", rules: periods(from: 1)),
        .value("momentum_periods", \.momentumPeriods, "TA-Lib MOM periods (`momentum_p`)", rules: periods(from: 1)),
        .value("williams_periods", \.williamsPeriods, "TA-Lib WILLR periods (`williams_r_p`)", rules: periods(from: 2)),
        .value("mom_period", \.momPeriod, "TA-Lib MOM period of the added `mom_p` column", rules: [.within(1...10_000)]),
        .value("ichimoku_tenkan", \.ichimokuTenkan, "ichimoku tenkan window", rules: [.within(1...10_000)]),
        .value("ichimoku_kijun", \.ichimokuKijun, "ichimoku kijun window", rules: [.within(1...10_000)]),
        .value("ad_window", \.adWindow, "window (bars) of the rolling accumulation/distribution sum", rules: [.within(1...10_000)]),
        .value("price_impact_window", \.priceImpactWindow, "volume SMA window of `price_impact`", rules: [.within(1...10_000)]),
        .value("tsi_period", \.tsiPeriod, "period of `trend_strength_index`", rules: [.within(1...10_000)]),
        .value("regime_period", \.regimePeriod, "efficiency-ratio period of `market_regime`", rules: [.within(1...10_000)]),
        .value("regime_span", \.regimeSpan, "EWM span (adjust=True) of `market_regime`", rules: [.within(1...10_000)]),
        .value("max_gap_bars", \.maxGapBars, "a gap of more missing bars than this starts a new segment", rules: [.zeroOrMore]),
        .value(
            "ffill_limit", \.ffillLimit,
            "forward fill reaches at most this many rows after the last valid value (0 = no ffill)",
            rules: [.zeroOrMore]),
        .value("target_horizon", \.targetHorizon, "target horizon h: `close[t+h]/close[t] - 1`", rules: [.within(1...10_000)]),
        .value("scaler", \.scaler, "the scaler of the preprocessor"),
        .value("clip", \.clip, "scaled values are clipped to ±clip (0 = no clip)", rules: [.must("must be 0 (off) or positive") { $0 >= 0 && $0.isFinite }]),
    ]

    /// Periods in `minimum...10000`, none twice.
    private static func periods(from minimum: Int) -> [ConfigRule<FeatureConfig, [Int]>] {
        [
            .must("every period must be in \(minimum)...10000") { $0.allSatisfy { (minimum...10_000).contains($0) } },
            .must("periods must be distinct") { Set($0).count == $0.count },
        ]
    }

    private static let distinctFamilies = ConfigRule<FeatureConfig, [FeatureFamily]>.custom(
        "families must be distinct"
    ) { families, _ in
        Set(families).count == families.count ? nil : ("\(families.map(\.rawValue))", "families must be distinct")
    }

    private static let slowerThanFast = ConfigRule<FeatureConfig, Int>.custom("must exceed macd_fast") { slow, config in
        slow > config.macdFast ? nil : ("\(slow)", "must exceed macd_fast \(config.macdFast)")
    }

    private static let volumeRatioPeriod = ConfigRule<FeatureConfig, [Int]>.relation(
        "volume_ratio needs at least one period"
    ) { periods, config in
        !periods.isEmpty || !config.families.contains(where: { $0 == .volume || $0 == .flags })
    }

    /// Checks every key (as `validate(prefix: "features")`).
    public func validate() throws(ConfigError) { try validate(prefix: "features") }

    /// Whether `family` is enabled.
    public func includes(_ family: FeatureFamily) -> Bool { families.contains(family) }
}
