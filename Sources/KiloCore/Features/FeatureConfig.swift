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
public struct FeatureConfig: Codable, Sendable, Equatable {
    /// Enabled families (order in the output is always the catalogue order).
    public var families: [FeatureFamily] = FeatureFamily.allCases
    /// Lags of `return_p`, `log_return_p`, `high_return_p`, `low_return_p`.
    public var returnPeriods: [Int] = [1, 5, 15]
    /// Periods of `sma_p` / `sma_p_ratio` (TA-Lib SMA).
    public var smaPeriods: [Int] = [5, 10, 20, 50]
    /// Periods of `ema_p` / `ema_p_ratio` (TA-Lib EMA, SMA seed).
    public var emaPeriods: [Int] = [5, 10, 20, 50]
    /// TA-Lib RSI period (Wilder).
    public var rsiPeriod: Int = 14
    /// TA-Lib MACD fast period.
    public var macdFast: Int = 12
    /// TA-Lib MACD slow period.
    public var macdSlow: Int = 26
    /// TA-Lib MACD signal period.
    public var macdSignal: Int = 9
    /// TA-Lib BBANDS period (SMA middle band).
    public var bbPeriod: Int = 20
    /// TA-Lib BBANDS deviations (up and down).
    public var bbStd: Double = 2.0
    /// TA-Lib ATR period (also `atr_pct`).
    public var atrPeriod: Int = 14
    /// TA-Lib STOCHF fast %K period (`stoch_k`).
    public var stochKPeriod: Int = 14
    /// TA-Lib STOCHF fast %D period (`stoch_d`, SMA of %K).
    public var stochDPeriod: Int = 3
    /// TA-Lib CCI period.
    public var cciPeriod: Int = 20
    /// TA-Lib ADX period.
    public var adxPeriod: Int = 14
    /// Periods of `volume_sma_p`; `volume_ratio` divides by the last one.
    public var volumeSMAPeriods: [Int] = [10, 20]
    /// Window (bars) of the rolling VWAP.
    public var vwapWindow: Int = 48
    /// Window (bars) of the rolling OBV.
    public var obvWindow: Int = 48
    /// Lags of `volume_roc_p`.
    public var volumeROCPeriods: [Int] = [5, 10]
    /// TA-Lib MFI period.
    public var mfiPeriod: Int = 14
    /// Windows of `volatility_p`, `hist_vol_p`, `parkinson_vol_p`; ratios of consecutive pairs.
    public var volatilityPeriods: [Int] = [10, 20, 50]
    /// TA-Lib NATR period.
    public var natrPeriod: Int = 14
    /// TA-Lib ROC periods (`roc_p`).
    public var rocPeriods: [Int] = [5, 10, 20]
    /// TA-Lib MOM periods (`momentum_p`).
    public var momentumPeriods: [Int] = [5, 10, 20]
    /// TA-Lib WILLR periods (`williams_r_p`).
    public var williamsPeriods: [Int] = [14, 21]
    /// TA-Lib MOM period of the added `mom_p` column.
    public var momPeriod: Int = 10
    /// Ichimoku tenkan window.
    public var ichimokuTenkan: Int = 9
    /// Ichimoku kijun window.
    public var ichimokuKijun: Int = 26
    /// Window (bars) of the rolling accumulation/distribution sum.
    public var adWindow: Int = 48
    /// Volume SMA window of `price_impact`.
    public var priceImpactWindow: Int = 20
    /// Period of `trend_strength_index`.
    public var tsiPeriod: Int = 25
    /// Efficiency-ratio period of `market_regime`.
    public var regimePeriod: Int = 20
    /// EWM span (adjust=True) of `market_regime`.
    public var regimeSpan: Int = 10
    /// A gap of more missing bars than this starts a new segment.
    public var maxGapBars: Int = 3
    /// Forward fill reaches at most this many rows after the last valid value (0 = no ffill).
    public var ffillLimit: Int = 3
    /// Target horizon h: `close[t+h]/close[t] - 1`.
    public var targetHorizon: Int = 1
    /// The scaler of the preprocessor.
    public var scaler: ScalerKind = .standard
    /// Scaled values are clipped to ±clip (0 = no clip).
    public var clip: Double = 10.0

    /// All defaults.
    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case families
        case returnPeriods = "return_periods"
        case smaPeriods = "sma_periods"
        case emaPeriods = "ema_periods"
        case rsiPeriod = "rsi_period"
        case macdFast = "macd_fast"
        case macdSlow = "macd_slow"
        case macdSignal = "macd_signal"
        case bbPeriod = "bb_period"
        case bbStd = "bb_std"
        case atrPeriod = "atr_period"
        case stochKPeriod = "stoch_k_period"
        case stochDPeriod = "stoch_d_period"
        case cciPeriod = "cci_period"
        case adxPeriod = "adx_period"
        case volumeSMAPeriods = "volume_sma_periods"
        case vwapWindow = "vwap_window"
        case obvWindow = "obv_window"
        case volumeROCPeriods = "volume_roc_periods"
        case mfiPeriod = "mfi_period"
        case volatilityPeriods = "volatility_periods"
        case natrPeriod = "natr_period"
        case rocPeriods = "roc_periods"
        case momentumPeriods = "momentum_periods"
        case williamsPeriods = "williams_periods"
        case momPeriod = "mom_period"
        case ichimokuTenkan = "ichimoku_tenkan"
        case ichimokuKijun = "ichimoku_kijun"
        case adWindow = "ad_window"
        case priceImpactWindow = "price_impact_window"
        case tsiPeriod = "tsi_period"
        case regimePeriod = "regime_period"
        case regimeSpan = "regime_span"
        case maxGapBars = "max_gap_bars"
        case ffillLimit = "ffill_limit"
        case targetHorizon = "target_horizon"
        case scaler
        case clip
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = FeatureConfig()
        families = try c.decodeIfPresent([FeatureFamily].self, forKey: .families) ?? d.families
        returnPeriods = try c.decodeIfPresent([Int].self, forKey: .returnPeriods) ?? d.returnPeriods
        smaPeriods = try c.decodeIfPresent([Int].self, forKey: .smaPeriods) ?? d.smaPeriods
        emaPeriods = try c.decodeIfPresent([Int].self, forKey: .emaPeriods) ?? d.emaPeriods
        rsiPeriod = try c.decodeIfPresent(Int.self, forKey: .rsiPeriod) ?? d.rsiPeriod
        macdFast = try c.decodeIfPresent(Int.self, forKey: .macdFast) ?? d.macdFast
        macdSlow = try c.decodeIfPresent(Int.self, forKey: .macdSlow) ?? d.macdSlow
        macdSignal = try c.decodeIfPresent(Int.self, forKey: .macdSignal) ?? d.macdSignal
        bbPeriod = try c.decodeIfPresent(Int.self, forKey: .bbPeriod) ?? d.bbPeriod
        bbStd = try c.decodeIfPresent(Double.self, forKey: .bbStd) ?? d.bbStd
        atrPeriod = try c.decodeIfPresent(Int.self, forKey: .atrPeriod) ?? d.atrPeriod
        stochKPeriod = try c.decodeIfPresent(Int.self, forKey: .stochKPeriod) ?? d.stochKPeriod
        stochDPeriod = try c.decodeIfPresent(Int.self, forKey: .stochDPeriod) ?? d.stochDPeriod
        cciPeriod = try c.decodeIfPresent(Int.self, forKey: .cciPeriod) ?? d.cciPeriod
        adxPeriod = try c.decodeIfPresent(Int.self, forKey: .adxPeriod) ?? d.adxPeriod
        volumeSMAPeriods =
            try c.decodeIfPresent([Int].self, forKey: .volumeSMAPeriods) ?? d.volumeSMAPeriods
        vwapWindow = try c.decodeIfPresent(Int.self, forKey: .vwapWindow) ?? d.vwapWindow
        obvWindow = try c.decodeIfPresent(Int.self, forKey: .obvWindow) ?? d.obvWindow
        volumeROCPeriods =
            try c.decodeIfPresent([Int].self, forKey: .volumeROCPeriods) ?? d.volumeROCPeriods
        mfiPeriod = try c.decodeIfPresent(Int.self, forKey: .mfiPeriod) ?? d.mfiPeriod
        volatilityPeriods =
            try c.decodeIfPresent([Int].self, forKey: .volatilityPeriods) ?? d.volatilityPeriods
        natrPeriod = try c.decodeIfPresent(Int.self, forKey: .natrPeriod) ?? d.natrPeriod
        rocPeriods = try c.decodeIfPresent([Int].self, forKey: .rocPeriods) ?? d.rocPeriods
        momentumPeriods =
            try c.decodeIfPresent([Int].self, forKey: .momentumPeriods) ?? d.momentumPeriods
        williamsPeriods =
            try c.decodeIfPresent([Int].self, forKey: .williamsPeriods) ?? d.williamsPeriods
        momPeriod = try c.decodeIfPresent(Int.self, forKey: .momPeriod) ?? d.momPeriod
        ichimokuTenkan = try c.decodeIfPresent(Int.self, forKey: .ichimokuTenkan) ?? d.ichimokuTenkan
        ichimokuKijun = try c.decodeIfPresent(Int.self, forKey: .ichimokuKijun) ?? d.ichimokuKijun
        adWindow = try c.decodeIfPresent(Int.self, forKey: .adWindow) ?? d.adWindow
        priceImpactWindow =
            try c.decodeIfPresent(Int.self, forKey: .priceImpactWindow) ?? d.priceImpactWindow
        tsiPeriod = try c.decodeIfPresent(Int.self, forKey: .tsiPeriod) ?? d.tsiPeriod
        regimePeriod = try c.decodeIfPresent(Int.self, forKey: .regimePeriod) ?? d.regimePeriod
        regimeSpan = try c.decodeIfPresent(Int.self, forKey: .regimeSpan) ?? d.regimeSpan
        maxGapBars = try c.decodeIfPresent(Int.self, forKey: .maxGapBars) ?? d.maxGapBars
        ffillLimit = try c.decodeIfPresent(Int.self, forKey: .ffillLimit) ?? d.ffillLimit
        targetHorizon = try c.decodeIfPresent(Int.self, forKey: .targetHorizon) ?? d.targetHorizon
        scaler = try c.decodeIfPresent(ScalerKind.self, forKey: .scaler) ?? d.scaler
        clip = try c.decodeIfPresent(Double.self, forKey: .clip) ?? d.clip
    }

    /// Throws `ConfigError.invalidValue` naming the first out-of-range key (`prefix.key`).
    public func validate(prefix: String = "features") throws(ConfigError) {
        func bad(_ key: CodingKeys, _ value: String, _ reason: String) -> ConfigError {
            .invalidValue(key: "\(prefix).\(key.rawValue)", value: value, reason: reason)
        }
        func period(_ key: CodingKeys, _ v: Int, min: Int = 1) throws(ConfigError) {
            if v < min || v > 10_000 { throw bad(key, "\(v)", "must be in \(min)...10000") }
        }
        func periods(_ key: CodingKeys, _ vs: [Int], min: Int = 1) throws(ConfigError) {
            for v in vs where v < min || v > 10_000 {
                throw bad(key, "\(vs)", "every period must be in \(min)...10000")
            }
            if Set(vs).count != vs.count { throw bad(key, "\(vs)", "periods must be distinct") }
        }
        if Set(families).count != families.count {
            throw bad(.families, "\(families.map(\.rawValue))", "families must be distinct")
        }
        try periods(.returnPeriods, returnPeriods)
        try periods(.smaPeriods, smaPeriods)
        try periods(.emaPeriods, emaPeriods)
        try period(.rsiPeriod, rsiPeriod, min: 2)
        try period(.macdFast, macdFast, min: 2)
        try period(.macdSlow, macdSlow, min: 2)
        if macdSlow <= macdFast {
            throw bad(.macdSlow, "\(macdSlow)", "must exceed macd_fast \(macdFast)")
        }
        try period(.macdSignal, macdSignal)
        try period(.bbPeriod, bbPeriod, min: 2)
        if !(bbStd > 0 && bbStd.isFinite) { throw bad(.bbStd, "\(bbStd)", "must be positive") }
        try period(.atrPeriod, atrPeriod, min: 2)
        try period(.stochKPeriod, stochKPeriod)
        try period(.stochDPeriod, stochDPeriod)
        try period(.cciPeriod, cciPeriod, min: 2)
        try period(.adxPeriod, adxPeriod, min: 2)
        try periods(.volumeSMAPeriods, volumeSMAPeriods)
        if volumeSMAPeriods.isEmpty && families.contains(where: { $0 == .volume || $0 == .flags }) {
            throw bad(.volumeSMAPeriods, "[]", "volume_ratio needs at least one period")
        }
        try period(.vwapWindow, vwapWindow)
        try period(.obvWindow, obvWindow)
        try periods(.volumeROCPeriods, volumeROCPeriods)
        try period(.mfiPeriod, mfiPeriod, min: 2)
        try periods(.volatilityPeriods, volatilityPeriods, min: 2)
        try period(.natrPeriod, natrPeriod, min: 2)
        try periods(.rocPeriods, rocPeriods)
        try periods(.momentumPeriods, momentumPeriods)
        try periods(.williamsPeriods, williamsPeriods, min: 2)
        try period(.momPeriod, momPeriod)
        try period(.ichimokuTenkan, ichimokuTenkan)
        try period(.ichimokuKijun, ichimokuKijun)
        try period(.adWindow, adWindow)
        try period(.priceImpactWindow, priceImpactWindow)
        try period(.tsiPeriod, tsiPeriod)
        try period(.regimePeriod, regimePeriod)
        try period(.regimeSpan, regimeSpan)
        if maxGapBars < 0 { throw bad(.maxGapBars, "\(maxGapBars)", "must be 0 or more") }
        if ffillLimit < 0 { throw bad(.ffillLimit, "\(ffillLimit)", "must be 0 or more") }
        try period(.targetHorizon, targetHorizon)
        if !(clip >= 0 && clip.isFinite) { throw bad(.clip, "\(clip)", "must be 0 (off) or positive") }
    }

    /// Whether `family` is enabled.
    public func includes(_ family: FeatureFamily) -> Bool { families.contains(family) }
}
