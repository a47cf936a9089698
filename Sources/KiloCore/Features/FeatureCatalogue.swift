/// The ordered feature catalogue for a configuration: the original Bot_kilo columns (same names,
/// same relative order) plus TA-Lib's `mfi` (end of volume), `natr` (end of volatility) and
/// `mom_p` (end of momentum).
///
/// Definitions (see each spec's `definition`):
/// - `talib.*`: TA-Lib's default function, values equal to TA-Lib to ~1e-12 relative.
///   `stoch_k` = `STOCHF(fastk_period=k, fastd_period=1).fastk` (= `STOCH(k, slowk_period=1).slowk`),
///   `stoch_d` = `STOCHF(k, d, SMA).fastd`: the original's raw 14-bar %K and its 3-bar mean.
/// - `rolling.obv`: Σ over the last `window` bars of sign(C−C₋₁)·V, which equals
///   `talib.OBV[t] − talib.OBV[t−window]`, so it does not depend on where the data begins.
/// - `rolling.ad`: Σ over the last `window` bars of TA-Lib's CLV·V, `= talib.AD[t] − talib.AD[t−window]`.
/// - `rolling.vwap`: Σ V·(H+L+C)/3 / Σ V over the last `window` bars; NaN when no bar of the
///   window traded (all volumes 0): a rolling form, so it does not depend on where data begins.
/// - `pandas.*`: the original's pandas definition with NaN warm-up (min_periods = window, ddof 1).
public enum FeatureCatalogue {
    /// The specs `config` produces, in column order.
    public static func specs(for config: FeatureConfig) -> [FeatureSpec] {
        var specs: [FeatureSpec] = []
        for family in FeatureFamily.allCases where config.includes(family) {
            specs += familySpecs(family, config)
        }
        return specs
    }

    /// Every feature name `config` produces (tab completion).
    public static func names(for config: FeatureConfig) -> [String] { specs(for: config).map(\.name) }

    static let epsilon = 1e-10

    // swiftlint:disable:next function_body_length
    static func familySpecs(_ family: FeatureFamily, _ c: FeatureConfig) -> [FeatureSpec] {
        var out: [FeatureSpec] = []
        func add(_ name: String, _ definition: String, _ params: [FeatureParameter] = [], _ lookback: Int) {
            out.append(
                FeatureSpec(
                    name: name, family: family, definition: definition, parameters: params,
                    lookback: lookback))
        }
        func p(_ name: String, _ value: Int) -> FeatureParameter { FeatureParameter(name, Double(value)) }
        let eps = FeatureParameter("epsilon", epsilon)
        switch family {
        case .price:
            add("hl_avg", "(H+L)/2", [], 0)
            add("hlc_avg", "(H+L+C)/3", [], 0)
            add("ohlc_avg", "(O+H+L+C)/4", [], 0)
            add("price_range", "H-L", [], 0)
            add("price_range_pct", "(H-L)/(C+eps)", [eps], 0)
            add("body", "abs(C-O)", [], 0)
            add("body_pct", "abs(C-O)/(C+eps)", [eps], 0)
            add("upper_shadow", "H-max(O,C)", [], 0)
            add("lower_shadow", "min(O,C)-L", [], 0)
            add("upper_shadow_pct", "(H-max(O,C))/(C+eps)", [eps], 0)
            add("lower_shadow_pct", "(min(O,C)-L)/(C+eps)", [eps], 0)
            for k in c.returnPeriods {
                add("return_\(k)", "pandas.pct_change(C)", [p("periods", k)], k)
                add("log_return_\(k)", "ln((C+eps)/(C[-p]+eps))", [p("periods", k), eps], k)
                add("high_return_\(k)", "pandas.pct_change(H)", [p("periods", k)], k)
                add("low_return_\(k)", "pandas.pct_change(L)", [p("periods", k)], k)
            }
        case .technical:
            for k in c.smaPeriods {
                add("sma_\(k)", "talib.SMA", [p("timeperiod", k)], k - 1)
                add("sma_\(k)_ratio", "C/(talib.SMA+eps)", [p("timeperiod", k), eps], k - 1)
            }
            for k in c.emaPeriods {
                add("ema_\(k)", "talib.EMA", [p("timeperiod", k)], k - 1)
                add("ema_\(k)_ratio", "C/(talib.EMA+eps)", [p("timeperiod", k), eps], k - 1)
            }
            add("rsi", "talib.RSI", [p("timeperiod", c.rsiPeriod)], c.rsiPeriod)
            let macdParams = [p("fastperiod", c.macdFast), p("slowperiod", c.macdSlow), p("signalperiod", c.macdSignal)]
            let macdLookback = c.macdSlow - 1 + c.macdSignal - 1
            add("macd", "talib.MACD.macd", macdParams, macdLookback)
            add("macd_signal", "talib.MACD.macdsignal", macdParams, macdLookback)
            add("macd_histogram", "talib.MACD.macdhist", macdParams, macdLookback)
            let bbParams = [p("timeperiod", c.bbPeriod), FeatureParameter("nbdev", c.bbStd)]
            add("bb_upper", "talib.BBANDS.upper", bbParams, c.bbPeriod - 1)
            add("bb_middle", "talib.BBANDS.middle", bbParams, c.bbPeriod - 1)
            add("bb_lower", "talib.BBANDS.lower", bbParams, c.bbPeriod - 1)
            add("bb_width", "(U-L)/(M+eps)", bbParams + [eps], c.bbPeriod - 1)
            add("bb_position", "(C-L)/(U-L+eps)", bbParams + [eps], c.bbPeriod - 1)
            add("atr", "talib.ATR", [p("timeperiod", c.atrPeriod)], c.atrPeriod)
            add("atr_pct", "talib.ATR/(C+eps)", [p("timeperiod", c.atrPeriod), eps], c.atrPeriod)
            add("stoch_k", "talib.STOCHF.fastk", [p("fastk_period", c.stochKPeriod)], c.stochKPeriod - 1)
            add(
                "stoch_d", "talib.STOCHF.fastd(SMA)",
                [p("fastk_period", c.stochKPeriod), p("fastd_period", c.stochDPeriod)],
                c.stochKPeriod + c.stochDPeriod - 2)
            add("cci", "talib.CCI", [p("timeperiod", c.cciPeriod)], c.cciPeriod - 1)
            add("adx", "talib.ADX", [p("timeperiod", c.adxPeriod)], 2 * c.adxPeriod - 1)
        case .volume:
            for k in c.volumeSMAPeriods {
                add("volume_sma_\(k)", "talib.SMA(V)", [p("timeperiod", k)], k - 1)
            }
            if let k = c.volumeSMAPeriods.last {
                add("volume_ratio", "V/(talib.SMA(V)+eps)", [p("timeperiod", k), eps], k - 1)
            }
            add("vwap", "rolling.vwap", [p("window", c.vwapWindow)], c.vwapWindow - 1)
            add("volume_price_trend", "V*(C-O)", [], 0)
            add("obv", "rolling.obv", [p("window", c.obvWindow)], c.obvWindow)
            for k in c.volumeROCPeriods {
                add("volume_roc_\(k)", "pandas.pct_change(V)", [p("periods", k)], k)
            }
            add("mfi", "talib.MFI", [p("timeperiod", c.mfiPeriod)], c.mfiPeriod)
        case .volatility:
            for k in c.volatilityPeriods {
                add("volatility_\(k)", "pandas.rolling_std(return_1,ddof=1)", [p("window", k)], k)
                add("hist_vol_\(k)", "volatility*sqrt(interval.barsPerYear)", [p("window", k)], k)
                add("parkinson_vol_\(k)", "sqrt(mean(ln(H/(L+eps))^2)/(4ln2))", [p("window", k), eps], k - 1)
            }
            for (a, b) in zip(c.volatilityPeriods, c.volatilityPeriods.dropFirst()) {
                add(
                    "vol_ratio_\(a)_\(b)", "clip(vol_a/max(vol_b,1e-6),0.01,100)", [p("short", a), p("long", b)],
                    max(a, b))
            }
            add("natr", "talib.NATR", [p("timeperiod", c.natrPeriod)], c.natrPeriod)
        case .momentum:
            for k in c.rocPeriods { add("roc_\(k)", "talib.ROC", [p("timeperiod", k)], k) }
            for k in c.momentumPeriods { add("momentum_\(k)", "talib.MOM", [p("timeperiod", k)], k) }
            for k in c.williamsPeriods { add("williams_r_\(k)", "talib.WILLR", [p("timeperiod", k)], k - 1) }
            add("mom_\(c.momPeriod)", "talib.MOM", [p("timeperiod", c.momPeriod)], c.momPeriod)
        case .time:
            add("hour", "utc.hour", [], 0)
            add("hour_sin", "sin(2pi*hour/24)", [], 0)
            add("hour_cos", "cos(2pi*hour/24)", [], 0)
            add("day_of_week", "utc.weekday(mon=0)", [], 0)
            add("dow_sin", "sin(2pi*dow/7)", [], 0)
            add("dow_cos", "cos(2pi*dow/7)", [], 0)
            add("month", "utc.month", [], 0)
            add("month_sin", "sin(2pi*month/12)", [], 0)
            add("month_cos", "cos(2pi*month/12)", [], 0)
            add("is_weekend", "dow>=5", [], 0)
            add("is_night", "hour>=22|hour<=6", [], 0)
        case .flags:
            let bb = c.bbPeriod - 1
            let vr = (c.volumeSMAPeriods.last ?? 1) - 1
            add("price_above_sma20", "C>talib.SMA", [p("timeperiod", 20)], 19)
            add("price_above_ema20", "C>talib.EMA", [p("timeperiod", 20)], 19)
            add("sma_cross", "talib.SMA(5)>talib.SMA(20)", [p("fast", 5), p("slow", 20)], 19)
            add("ema_cross", "talib.EMA(5)>talib.EMA(20)", [p("fast", 5), p("slow", 20)], 19)
            add("rsi_oversold", "rsi<30", [p("timeperiod", c.rsiPeriod), FeatureParameter("threshold", 30)], c.rsiPeriod)
            add("rsi_overbought", "rsi>70", [p("timeperiod", c.rsiPeriod), FeatureParameter("threshold", 70)], c.rsiPeriod)
            let macdLookback = c.macdSlow - 1 + c.macdSignal - 1
            add(
                "macd_bullish", "macd>macd_signal",
                [p("fastperiod", c.macdFast), p("slowperiod", c.macdSlow), p("signalperiod", c.macdSignal)], macdLookback)
            let bbParams = [p("timeperiod", c.bbPeriod), FeatureParameter("nbdev", c.bbStd)]
            add("bb_squeeze", "bb_width<mean_p(bb_width)+eps", bbParams + [eps], 2 * bb)
            add("bb_breakout_upper", "C>bb_upper", bbParams, bb)
            add("bb_breakout_lower", "C<bb_lower", bbParams, bb)
            add("high_volume", "volume_ratio>1.5", [p("timeperiod", vr + 1), FeatureParameter("threshold", 1.5)], vr)
            add("low_volume", "volume_ratio<0.5", [p("timeperiod", vr + 1), FeatureParameter("threshold", 0.5)], vr)
        case .advanced:
            let t = c.ichimokuTenkan, k = c.ichimokuKijun
            add("ichimoku_tenkan", "(HH+LL)/2", [p("window", t)], t - 1)
            add("ichimoku_kijun", "(HH+LL)/2", [p("window", k)], k - 1)
            add("ichimoku_senkou_a", "(tenkan+kijun)/2 unshifted", [p("tenkan", t), p("kijun", k)], max(t, k) - 1)
            add("vwap_deviation", "100*(C-vwap)/(vwap+eps)", [p("window", c.vwapWindow), eps], c.vwapWindow - 1)
            add("accumulation_distribution", "rolling.ad", [p("window", c.adWindow)], c.adWindow - 1)
            add("spread_proxy", "100*(H-L)/((H+L)/2+eps)", [eps], 0)
            add(
                "price_impact", "abs(pct_change(C))*V/(talib.SMA(V)+eps)", [p("window", c.priceImpactWindow), eps],
                max(1, c.priceImpactWindow - 1))
            add("trend_strength_index", "100*sum(m)/(sum(abs(m))+eps)", [p("period", c.tsiPeriod), eps], 2 * c.tsiPeriod - 1)
            add(
                "market_regime", "100*ewm(efficiency_ratio,span,adjust=True)",
                [p("period", c.regimePeriod), p("span", c.regimeSpan), eps], c.regimePeriod)
        }
        return out
    }
}
