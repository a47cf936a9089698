import Foundation
import KiloTestSupport

@testable import KiloCore

/// Test-only loading of the embedded data and fixtures (the Data area owns the real loader).
enum FeatureTestData {
    /// Reads `data/{symbol}_30m.csv` (Binance kline columns) into a series.
    static func series(_ symbol: String) throws -> BarSeries {
        let text = try String(contentsOfFile: RepoPaths.path("data/\(symbol)_30m.csv"), encoding: .utf8)
        var t: [Int64] = [], o: [Double] = [], h: [Double] = [], l: [Double] = [], c: [Double] = []
        var v: [Double] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",")
            guard f.count >= 6, let ts = Int64(f[0]), let a = Double(f[1]), let b = Double(f[2]),
                let d = Double(f[3]), let e = Double(f[4]), let g = Double(f[5])
            else { continue }
            t.append(ts)
            o.append(a)
            h.append(b)
            l.append(d)
            c.append(e)
            v.append(g)
        }
        return BarSeries(
            symbol: symbol, interval: BarInterval(seconds: 1800), timestamps: t, open: o, high: h, low: l,
            close: c, volume: v)
    }

    /// Bit-level equality that treats every NaN as equal to every NaN.
    static func same(_ a: Double, _ b: Double) -> Bool {
        (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
    }

    /// A deterministic random-walk series of `count` bars (30m) starting at `start`.
    static func synthetic(count: Int, seed: UInt64, start: Int64 = 1_700_000_000_000) -> BarSeries {
        var rng = SplitMix64(seed: seed)
        var price = 100.0
        var t: [Int64] = [], o: [Double] = [], h: [Double] = [], l: [Double] = [], c: [Double] = []
        var v: [Double] = []
        for i in 0..<count {
            let open = price
            let u = rng.nextUnit()
            price *= 1 + (u - 0.5) * 0.02
            let w1 = rng.nextUnit()
            let w2 = rng.nextUnit()
            t.append(start + Int64(i) * 1_800_000)
            o.append(open)
            c.append(price)
            h.append(max(open, price) * (1 + w1 * 0.005))
            l.append(min(open, price) * (1 - w2 * 0.005))
            v.append(10 + 90 * rng.nextUnit())
        }
        return BarSeries(
            symbol: "SYN", interval: BarInterval(seconds: 1800), timestamps: t, open: o, high: h, low: l,
            close: c, volume: v)
    }
}
