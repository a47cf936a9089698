/// TA-Lib's one-bar formulas that the feature catalogue applies to rolling extremes and lagged
/// values (each as TA-Lib's C code computes it).

/// TA-Lib's fast %K (ta_STOCHF.c / ta_STOCH.c): `(C − LL)/((HH − LL)/100)`, 0 for a flat window.
@inline(__always) func stochasticK(close: Double, highest: Double, lowest: Double) -> Double {
    let diff = (highest - lowest) / 100.0
    return diff != 0 ? (close - lowest) / diff : 0
}

/// TA-Lib `WILLR` (ta_WILLR.c): `(HH − C)/((HH − LL)/−100)`, 0 for a flat window.
@inline(__always) func williamsR(close: Double, highest: Double, lowest: Double) -> Double {
    let diff = (highest - lowest) / -100.0
    return diff != 0 ? (highest - close) / diff : 0
}

/// TA-Lib `ROC`: `((x / x₋ₚ) − 1)·100`, 0 when the old price is 0.
@inline(__always) func rateOfChange(_ x: Double, _ old: Double) -> Double {
    old != 0 ? ((x / old) - 1.0) * 100.0 : 0
}

/// TA-Lib OBV's step: +V on an up close, −V on a down close, 0 otherwise (as two selects and a
/// subtraction, exact, without a hard-to-predict branch).
@inline(__always) func signedVolume(close: Double, previous: Double, volume: Double) -> Double {
    let up = close > previous ? volume : 0
    let down = close < previous ? volume : 0
    return up - down
}
