import Foundation

/// The per-bar state machine behind every feature: fed one bar at a time, it writes one row of
/// the catalogue (`FeatureCatalogue.specs(for:)`, same order). The batch engine and the streaming
/// updater both run it, so they agree bit for bit. A fresh kernel starts a segment (warm-up).
/// - Complexity: O(1) per bar for every feature except the rolling extremes and CCI (O(window)).
struct FeatureKernel: Sendable {
    let config: FeatureConfig
    let columnCount: Int
    private let sqrtBarsPerYear: Double
    private let doPrice, doTechnical, doVolume, doVolatility, doMomentum, doTime, doFlags, doAdvanced: Bool
    private var seen = 0
    private var closes: History
    private var highs: History
    private var lows: History
    private var volumes: History
    // technical
    private var smas: [TASMA]
    private var emas: [TAEMA]
    private var rsi: TARSI
    private var macd: TAMACD
    private var bands: TABBands
    private var atr: TAATR
    private var stochD: TASMA
    private var cci: TACCI
    private var adx: TAADX
    // volume
    private var volumeSMAs: [TASMA]
    private var ratioSMA: TASMA
    private var vwapNumerator: RollingSum
    private var vwapDenominator: RollingSum
    private var vwapTradedBars: RollingSum
    private var obv: RollingSum
    private var mfi: TAMFI
    // volatility
    private var returnStds: [RollingSampleStd]
    private var parkinson: [TASMA]
    private var natr: TAATR
    private var latestVolatility: [Double]
    // flags
    private var flagSMA5 = TASMA(period: 5)
    private var flagSMA20 = TASMA(period: 20)
    private var flagEMA5 = TAEMA(period: 5)
    private var flagEMA20 = TAEMA(period: 20)
    private var widthMean: TASMA
    // advanced
    private var ad: RollingSum
    private var impactSMA: TASMA
    private var tsiSum: RollingSum
    private var tsiAbsSum: RollingSum
    private var regimePath: RollingSum
    private var regimeNumerator = 0.0
    private var regimeDenominator = 0.0
    private let regimeDecay: Double
    private var stochExtremes: RollingExtremes
    private var williamsExtremes: [RollingExtremes]
    private var tenkanExtremes: RollingExtremes
    private var kijunExtremes: RollingExtremes

    static let epsilon = FeatureCatalogue.epsilon
    private static let hourSin = (0..<24).map { sin(2 * Double.pi * Double($0) / 24) }
    private static let hourCos = (0..<24).map { cos(2 * Double.pi * Double($0) / 24) }
    private static let dowSin = (0..<7).map { sin(2 * Double.pi * Double($0) / 7) }
    private static let dowCos = (0..<7).map { cos(2 * Double.pi * Double($0) / 7) }
    private static let monthSin = (0...12).map { sin(2 * Double.pi * Double($0) / 12) }
    private static let monthCos = (0...12).map { cos(2 * Double.pi * Double($0) / 12) }

    init(config c: FeatureConfig, interval: BarInterval) {
        config = c
        columnCount = FeatureCatalogue.specs(for: c).count
        sqrtBarsPerYear = interval.barsPerYear.squareRoot()
        doPrice = c.includes(.price)
        doTechnical = c.includes(.technical)
        doVolume = c.includes(.volume)
        doVolatility = c.includes(.volatility)
        doMomentum = c.includes(.momentum)
        doTime = c.includes(.time)
        doFlags = c.includes(.flags)
        doAdvanced = c.includes(.advanced)
        let lags =
            c.returnPeriods + c.rocPeriods + c.momentumPeriods + c.volumeROCPeriods
            + [c.momPeriod, c.tsiPeriod, c.regimePeriod, 1]
        let capacity = (lags.max() ?? 1) + 1
        closes = History(capacity: capacity)
        highs = History(capacity: capacity)
        lows = History(capacity: capacity)
        volumes = History(capacity: capacity)
        smas = c.smaPeriods.map { TASMA(period: $0) }
        emas = c.emaPeriods.map { TAEMA(period: $0) }
        rsi = TARSI(period: c.rsiPeriod)
        macd = TAMACD(fast: c.macdFast, slow: c.macdSlow, signal: c.macdSignal)
        bands = TABBands(period: c.bbPeriod, deviations: c.bbStd)
        atr = TAATR(period: c.atrPeriod)
        stochD = TASMA(period: c.stochDPeriod)
        cci = TACCI(period: c.cciPeriod)
        adx = TAADX(period: c.adxPeriod)
        volumeSMAs = c.volumeSMAPeriods.map { TASMA(period: $0) }
        ratioSMA = TASMA(period: c.volumeSMAPeriods.last ?? 1)
        vwapNumerator = RollingSum(period: c.vwapWindow)
        vwapDenominator = RollingSum(period: c.vwapWindow)
        vwapTradedBars = RollingSum(period: c.vwapWindow)
        obv = RollingSum(period: c.obvWindow)
        mfi = TAMFI(period: c.mfiPeriod)
        returnStds = c.volatilityPeriods.map { RollingSampleStd(period: $0) }
        parkinson = c.volatilityPeriods.map { TASMA(period: $0) }
        natr = TAATR(period: c.natrPeriod)
        latestVolatility = [Double](repeating: .nan, count: c.volatilityPeriods.count)
        widthMean = TASMA(period: c.bbPeriod)
        ad = RollingSum(period: c.adWindow)
        impactSMA = TASMA(period: c.priceImpactWindow)
        tsiSum = RollingSum(period: c.tsiPeriod)
        tsiAbsSum = RollingSum(period: c.tsiPeriod)
        regimePath = RollingSum(period: c.regimePeriod)
        regimeDecay = 1 - 2 / (Double(c.regimeSpan) + 1)
        stochExtremes = RollingExtremes(period: c.stochKPeriod)
        williamsExtremes = c.williamsPeriods.map { RollingExtremes(period: $0) }
        tenkanExtremes = RollingExtremes(period: c.ichimokuTenkan)
        kijunExtremes = RollingExtremes(period: c.ichimokuKijun)
    }

    @inline(__always) private func emit(_ out: inout UnsafeMutablePointer<Double>, _ x: Double) {
        out.pointee = x
        out += 1
    }

    @inline(__always) private static func flag(_ condition: Bool, valid: Bool) -> Double {
        valid ? (condition ? 1 : 0) : .nan
    }

    /// Feeds bars `rows` of the given columns, writing row `i` at `output + i·columnCount`.
    /// The loop lives inside the kernel so the optimiser can keep its state in registers; it runs
    /// exactly the per-bar `update` the stream runs.
    mutating func update(
        rows: Range<Int>, timestamps: UnsafeBufferPointer<Int64>, open: UnsafeBufferPointer<Double>,
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        volume: UnsafeBufferPointer<Double>, output: UnsafeMutablePointer<Double>
    ) {
        let width = columnCount
        for i in rows {
            update(
                timestamp: timestamps[i], open: open[i], high: high[i], low: low[i], close: close[i],
                volume: volume[i], into: output + i * width)
        }
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    /// Feeds one bar and writes `columnCount` values to `row`.
    @inline(__always)
    mutating func update(
        timestamp: Int64, open o: Double, high h: Double, low l: Double, close c: Double, volume v: Double,
        into row: UnsafeMutablePointer<Double>
    ) {
        let eps = Self.epsilon
        let cfg = config
        seen += 1
        closes.push(c)
        highs.push(h)
        lows.push(l)
        volumes.push(v)
        let hasPrevious = seen > 1
        let previousClose = hasPrevious ? closes[1] : Double.nan
        var out = row
        @inline(__always) func lagged(_ history: History, _ lag: Int) -> Double {
            seen > lag ? history[lag] : .nan
        }
        // Indicators shared between families are always advanced when any user needs them.
        let needOscillators = doTechnical || doFlags
        let rsiValue = needOscillators ? rsi.update(c) : .nan
        let (macdValue, signalValue, histValue) = needOscillators ? macd.update(c) : (.nan, .nan, .nan)
        let (upper, middle, lower) = needOscillators ? bands.update(c) : (.nan, .nan, .nan)
        let width = (upper - lower) / (middle + eps)
        let needRatio = doVolume || doFlags
        let volumeRatio = needRatio ? v / (ratioSMA.update(v) + eps) : .nan
        let typical = (h + l + c) / 3
        let needVWAP = doVolume || doAdvanced
        var vwap = Double.nan
        if needVWAP {
            let num = vwapNumerator.update(v * typical)
            let den = vwapDenominator.update(v)
            // Counted exactly (small integers), so a window without trades is recognised even
            // when the running volume sum keeps a rounding residue.
            let traded = vwapTradedBars.update(v > 0 ? 1 : 0)
            vwap = traded > 0 ? num / den : .nan
        }

        if doPrice {
            emit(&out, (h + l) / 2)
            emit(&out, typical)
            emit(&out, (o + h + l + c) / 4)
            emit(&out, h - l)
            emit(&out, (h - l) / (c + eps))
            emit(&out, abs(c - o))
            emit(&out, abs(c - o) / (c + eps))
            emit(&out, h - max(o, c))
            emit(&out, min(o, c) - l)
            emit(&out, (h - max(o, c)) / (c + eps))
            emit(&out, (min(o, c) - l) / (c + eps))
            for p in cfg.returnPeriods {
                let oldClose = lagged(closes, p)
                emit(&out, c / oldClose - 1)
                emit(&out, log((c + eps) / (oldClose + eps)))
                emit(&out, h / lagged(highs, p) - 1)
                emit(&out, l / lagged(lows, p) - 1)
            }
        }
        if doTechnical {
            for i in smas.indices {
                let s = smas[i].update(c)
                emit(&out, s)
                emit(&out, c / (s + eps))
            }
            for i in emas.indices {
                let e = emas[i].update(c)
                emit(&out, e)
                emit(&out, c / (e + eps))
            }
            emit(&out, rsiValue)
            emit(&out, macdValue)
            emit(&out, signalValue)
            emit(&out, histValue)
            emit(&out, upper)
            emit(&out, middle)
            emit(&out, lower)
            emit(&out, width)
            emit(&out, (c - lower) / (upper - lower + eps))
            let a = atr.update(high: h, low: l, close: c)
            emit(&out, a)
            emit(&out, a / (c + eps))
            var fastK = Double.nan
            let (stochHigh, stochLow) = stochExtremes.update(high: h, low: l)
            if seen >= cfg.stochKPeriod {
                fastK = stochasticK(close: c, highest: stochHigh, lowest: stochLow)
            }
            emit(&out, fastK)
            emit(&out, fastK.isNaN ? .nan : stochD.update(fastK))
            emit(&out, cci.update(high: h, low: l, close: c))
            emit(&out, adx.update(high: h, low: l, close: c))
        }
        if doVolume {
            for i in volumeSMAs.indices { emit(&out, volumeSMAs[i].update(v)) }
            emit(&out, volumeRatio)
            emit(&out, vwap)
            emit(&out, v * (c - o))
            emit(&out, hasPrevious ? obv.update(signedVolume(close: c, previous: previousClose, volume: v)) : .nan)
            for p in cfg.volumeROCPeriods { emit(&out, v / lagged(volumes, p) - 1) }
            emit(&out, mfi.update(high: h, low: l, close: c, volume: v))
        }
        if doVolatility {
            let oneBarReturn = c / previousClose - 1
            let logRange = log(h / (l + eps))
            let logRangeSquared = logRange * logRange
            for i in returnStds.indices {
                let sd = hasPrevious ? returnStds[i].update(oneBarReturn) : .nan
                latestVolatility[i] = sd
                emit(&out, sd)
                emit(&out, sd * sqrtBarsPerYear)
                let meanSquare = parkinson[i].update(logRangeSquared)
                emit(&out, (meanSquare / (4 * M_LN2)).squareRoot())
            }
            for i in latestVolatility.indices.dropLast() {
                let ratio = latestVolatility[i] / max(latestVolatility[i + 1], 1e-6)
                emit(&out, ratio.isNaN ? .nan : min(max(ratio, 0.01), 100))
            }
            let n = natr.update(high: h, low: l, close: c)
            emit(&out, n.isNaN ? .nan : (!taIsZero(c) ? (n / c) * 100.0 : 0))
        }
        if doMomentum {
            for p in cfg.rocPeriods {
                let old = lagged(closes, p)
                emit(&out, old.isNaN ? .nan : rateOfChange(c, old))
            }
            for p in cfg.momentumPeriods { emit(&out, c - lagged(closes, p)) }
            for i in williamsExtremes.indices {
                let (hh, ll) = williamsExtremes[i].update(high: h, low: l)
                emit(&out, seen >= williamsExtremes[i].period ? williamsR(close: c, highest: hh, lowest: ll) : .nan)
            }
            emit(&out, c - lagged(closes, cfg.momPeriod))
        }
        if doTime {
            let day: Int64 = 86_400_000
            let days = timestamp >= 0 ? timestamp / day : (timestamp - day + 1) / day
            let msOfDay = timestamp - days * day
            let hour = Int(msOfDay / 3_600_000)
            let dow = Int(((days + 3) % 7 + 7) % 7)
            let month = Self.month(daysSinceEpoch: days)
            emit(&out, Double(hour))
            emit(&out, Self.hourSin[hour])
            emit(&out, Self.hourCos[hour])
            emit(&out, Double(dow))
            emit(&out, Self.dowSin[dow])
            emit(&out, Self.dowCos[dow])
            emit(&out, Double(month))
            emit(&out, Self.monthSin[month])
            emit(&out, Self.monthCos[month])
            emit(&out, dow >= 5 ? 1 : 0)
            emit(&out, hour >= 22 || hour <= 6 ? 1 : 0)
        }
        if doFlags {
            let s5 = flagSMA5.update(c)
            let s20 = flagSMA20.update(c)
            let e5 = flagEMA5.update(c)
            let e20 = flagEMA20.update(c)
            let meanWidth = width.isNaN ? .nan : widthMean.update(width)
            emit(&out, Self.flag(c > s20, valid: !s20.isNaN))
            emit(&out, Self.flag(c > e20, valid: !e20.isNaN))
            emit(&out, Self.flag(s5 > s20, valid: !s20.isNaN))
            emit(&out, Self.flag(e5 > e20, valid: !e20.isNaN))
            emit(&out, Self.flag(rsiValue < 30, valid: !rsiValue.isNaN))
            emit(&out, Self.flag(rsiValue > 70, valid: !rsiValue.isNaN))
            emit(&out, Self.flag(macdValue > signalValue, valid: !macdValue.isNaN))
            emit(&out, Self.flag(width < meanWidth + eps, valid: !meanWidth.isNaN))
            emit(&out, Self.flag(c > upper, valid: !upper.isNaN))
            emit(&out, Self.flag(c < lower, valid: !lower.isNaN))
            emit(&out, Self.flag(volumeRatio > 1.5, valid: !volumeRatio.isNaN))
            emit(&out, Self.flag(volumeRatio < 0.5, valid: !volumeRatio.isNaN))
        }
        if doAdvanced {
            let t = cfg.ichimokuTenkan, kj = cfg.ichimokuKijun
            let (tenkanHigh, tenkanLow) = tenkanExtremes.update(high: h, low: l)
            let (kijunHigh, kijunLow) = kijunExtremes.update(high: h, low: l)
            let tenkan = seen >= t ? (tenkanHigh + tenkanLow) / 2 : .nan
            let kijun = seen >= kj ? (kijunHigh + kijunLow) / 2 : .nan
            emit(&out, tenkan)
            emit(&out, kijun)
            emit(&out, (tenkan + kijun) / 2)
            emit(&out, 100 * (c - vwap) / (vwap + eps))
            let range = h - l
            let clvVolume = range > 0 ? (((c - l) - (h - c)) / range) * v : 0
            emit(&out, ad.update(clvVolume))
            emit(&out, 100 * (h - l) / ((h + l) / 2 + eps))
            let volumeMean = impactSMA.update(v)
            emit(&out, abs(c / previousClose - 1) * v / (volumeMean + eps))
            let p = cfg.tsiPeriod
            var tsi = Double.nan
            if seen > p {
                let m = c - closes[p]
                let s = tsiSum.update(m)
                let a = tsiAbsSum.update(abs(m))
                tsi = 100 * s / (a + eps)
            }
            emit(&out, tsi)
            var regime = Double.nan
            if hasPrevious {
                let path = regimePath.update(abs(c - previousClose))
                if !path.isNaN {
                    let efficiency = abs(c - closes[cfg.regimePeriod]) / (path + eps)
                    regimeNumerator = efficiency + regimeDecay * regimeNumerator
                    regimeDenominator = 1 + regimeDecay * regimeDenominator
                    regime = 100 * regimeNumerator / regimeDenominator
                }
            }
            emit(&out, regime)
        }
        precondition(out - row == columnCount, "FeatureKernel.update wrote \(out - row) columns, expected \(columnCount)")
    }

    /// The UTC month (1...12) of a day count since 1970-01-01 (`BarTime.civil(fromDays:)`).
    static func month(daysSinceEpoch days: Int64) -> Int { BarTime.civil(fromDays: days).month }
}
