/// The GRU step kernels in single precision, eight hidden units per iteration with `FastMath`
/// (same equations and cache layout as the generic `GRUCell`; used when H is a multiple of 8).
extension GRUCell {
    typealias V = FastMath.Vector

    static func forwardFloat(
        gi: UnsafePointer<Float>, gh: UnsafePointer<Float>, biasIH: UnsafePointer<Float>,
        biasHH: UnsafePointer<Float>, hPrevious: UnsafePointer<Float>, hNext: UnsafeMutablePointer<Float>,
        cache: UnsafeMutablePointer<Float>, batch: Int, hidden h: Int
    ) {
        for b in 0..<batch {
            let giRow = gi + b * 3 * h, ghRow = gh + b * 3 * h, c = cache + b * 4 * h
            let previous = hPrevious + b * h, next = hNext + b * h
            for j in stride(from: 0, to: h, by: 8) {
                let r = FastMath.sigmoid(
                    FastMath.load(giRow + j) + FastMath.load(biasIH + j) + FastMath.load(ghRow + j)
                        + FastMath.load(biasHH + j))
                let z = FastMath.sigmoid(
                    FastMath.load(giRow + h + j) + FastMath.load(biasIH + h + j) + FastMath.load(ghRow + h + j)
                        + FastMath.load(biasHH + h + j))
                let hn = FastMath.load(ghRow + 2 * h + j) + FastMath.load(biasHH + 2 * h + j)
                let n = FastMath.tanh(FastMath.load(giRow + 2 * h + j) + FastMath.load(biasIH + 2 * h + j) + r * hn)
                FastMath.store(n + z * (FastMath.load(previous + j) - n), next + j)
                FastMath.store(r, c + j)
                FastMath.store(z, c + h + j)
                FastMath.store(n, c + 2 * h + j)
                FastMath.store(hn, c + 3 * h + j)
            }
        }
    }

    static func backwardFloat(
        hOutputGradient: UnsafePointer<Float>, carry: UnsafeMutablePointer<Float>, cache: UnsafePointer<Float>,
        hPrevious: UnsafePointer<Float>, giGradient: UnsafeMutablePointer<Float>,
        ghGradient: UnsafeMutablePointer<Float>, batch: Int, hidden h: Int
    ) {
        for b in 0..<batch {
            let c = cache + b * 4 * h, previous = hPrevious + b * h
            let dOut = hOutputGradient + b * h, dCarry = carry + b * h
            let dgi = giGradient + b * 3 * h, dgh = ghGradient + b * 3 * h
            for j in stride(from: 0, to: h, by: 8) {
                let r = FastMath.load(c + j), z = FastMath.load(c + h + j)
                let n = FastMath.load(c + 2 * h + j), hn = FastMath.load(c + 3 * h + j)
                let dh = FastMath.load(dOut + j) + FastMath.load(dCarry + j)
                let dnPre = dh * (1 - z) * (1 - n * n)
                let dzPre = dh * (FastMath.load(previous + j) - n) * z * (1 - z)
                let drPre = dnPre * hn * r * (1 - r)
                FastMath.store(dh * z, dCarry + j)
                FastMath.store(drPre, dgi + j)
                FastMath.store(dzPre, dgi + h + j)
                FastMath.store(dnPre, dgi + 2 * h + j)
                FastMath.store(drPre, dgh + j)
                FastMath.store(dzPre, dgh + h + j)
                FastMath.store(dnPre * r, dgh + 2 * h + j)
            }
        }
    }
}
