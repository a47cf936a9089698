import Foundation

/// A deterministic synthetic market, so that hundreds of symbols exist without downloads (the
/// cluster benchmarks): each symbol is a regime-switching random walk of 30-minute bars written as
/// a Binance kline CSV (`timestamp,open,high,low,close,volume,quote_volume,trades,taker_buy_base,
/// taker_buy_quote`), the columns of `data/*.csv`.
///
/// Regimes (calm, trending up, trending down, turbulent) follow a Markov chain with sticky
/// transitions; each has its own drift and volatility of log returns. Volume follows a log-normal
/// around a per-symbol level, rises with the bar's absolute return, and is zero on a small share
/// of bars (the market was idle: the price does not move, as in the embedded ADAEUR/DOTEUR data).
/// Every draw comes from one `SplitMix64` per symbol seeded from `seed` and the symbol's index,
/// so the same seed writes the same bytes.
public struct SyntheticMarket: Sendable {
    /// The master seed.
    public var seed: UInt64
    /// Bars per symbol.
    public var bars: Int
    /// The first bar's open time (epoch ms); 2024-01-01 00:00 UTC by default.
    public var start: Int64 = 1_704_067_200_000
    /// The bar interval in milliseconds (30 minutes).
    public var intervalMilliseconds: Int64 = 1_800_000

    public init(seed: UInt64, bars: Int) { (self.seed, self.bars) = (seed, bars) }

    /// A market regime: drift and volatility of the log return per bar.
    struct Regime {
        var drift: Double
        var volatility: Double
    }

    static let regimes = [
        Regime(drift: 0, volatility: 0.003),  // calm
        Regime(drift: 0.0004, volatility: 0.005),  // trending up
        Regime(drift: -0.0004, volatility: 0.005),  // trending down
        Regime(drift: 0, volatility: 0.012),  // turbulent
    ]

    /// Chance per bar of leaving the current regime.
    static let switchProbability = 0.004
    /// Share of bars with no trades.
    static let idleProbability = 0.005

    /// `SYN0001` … : the name of symbol `index` (0-based).
    public static func symbol(_ index: Int) -> String {
        let digits = String(index + 1)
        return "SYN" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The CSV of symbol `index`, header first, one line per bar.
    /// - Complexity: O(bars).
    public func csv(symbol index: Int) -> String {
        var random = SplitMix64(seed: seed ^ (UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15))
        var price = 10 * exp(4 * random.nextUnit())  // 10 … 546
        let volumeLevel = exp(2 + 4 * random.nextUnit())  // base units per bar
        var regime = Int(random.next() % UInt64(Self.regimes.count))
        var lines = ["timestamp,open,high,low,close,volume,quote_volume,trades,taker_buy_base,taker_buy_quote"]
        lines.reserveCapacity(bars + 1)
        for bar in 0..<bars {
            if random.nextUnit() < Self.switchProbability {
                regime = (regime + 1 + Int(random.next() % UInt64(Self.regimes.count - 1))) % Self.regimes.count
            }
            let time = start + Int64(bar) * intervalMilliseconds
            let open = price
            if random.nextUnit() < Self.idleProbability {
                let p = Self.format(open, 6)
                lines.append("\(time),\(p),\(p),\(p),\(p),0,0,0,0,0")
                continue
            }
            let r = Self.regimes[regime]
            let logReturn = r.drift + r.volatility * random.nextGaussian()
            let close = open * exp(logReturn)
            let high = max(open, close) * exp(abs(random.nextGaussian()) * r.volatility * 0.5)
            let low = min(open, close) * exp(-abs(random.nextGaussian()) * r.volatility * 0.5)
            let activity = 1 + abs(logReturn) / r.volatility
            let volume = volumeLevel * activity * exp(0.5 * random.nextGaussian())
            let average = (open + high + low + close) / 4
            let trades = max(1, Int(volume * (5 + 10 * random.nextUnit())))
            let buyShare = 0.3 + 0.4 * random.nextUnit()
            let (o, h, l, c) = (Self.format(open, 6), Self.format(high, 6), Self.format(low, 6), Self.format(close, 6))
            lines.append(
                "\(time),\(o),\(h),\(l),\(c),\(Self.format(volume, 5)),\(Self.format(volume * average, 4)),\(trades),"
                    + "\(Self.format(volume * buyShare, 5)),\(Self.format(volume * buyShare * average, 4))")
            // The next bar opens where this one closed, as printed (so the file is self-consistent).
            price = Double(c) ?? close
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `count` symbols as `DIR/SYN0001_30m.csv` …, creating the folder.
    /// - Returns: The paths written.
    /// - Throws: `DataError.unreadable` naming a path that cannot be written.
    @discardableResult
    public func write(count: Int, to folder: String) throws(DataError) -> [String] {
        var paths: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(path: folder, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        for index in 0..<count {
            let path = PathText.join(folder, "\(Self.symbol(index))_30m.csv")
            do {
                try Data(csv(symbol: index).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw .unreadable(path: path, reason: "cannot be written: \(error.localizedDescription)")
            }
            paths.append(path)
        }
        return paths
    }

    /// `value` with `digits` decimals, never in exponent form.
    static func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
