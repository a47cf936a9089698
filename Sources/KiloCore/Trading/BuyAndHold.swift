/// Equal-weight buy-and-hold on the trader's own bars: each symbol gets `initial / symbols` of
/// cash at its first valid close (no costs) and is marked at its later valid closes; cash not yet
/// invested (a symbol without a valid bar so far) stays cash.
public struct BuyAndHold: Sendable, Equatable {
    private let share: Double
    private var uninvested: Double
    private var holdings: [String: Double] = [:]
    private var marks: [String: Double] = [:]

    /// Starts with `initialBalance` split over `symbolCount` symbols.
    public init(initialBalance: Double, symbolCount: Int) {
        precondition(
            symbolCount > 0, "BuyAndHold.init: symbolCount \(symbolCount) must be positive")
        share = initialBalance / Double(symbolCount)
        uninvested = initialBalance
    }

    /// The symbols bought so far.
    public var symbolsHeld: Int { holdings.count }

    /// Takes one iteration's valid closes and returns the benchmark's equity at them.
    public mutating func update(closes: [(symbol: String, close: Double)]) -> Double {
        for (symbol, close) in closes {
            marks[symbol] = close
            if holdings[symbol] == nil {
                holdings[symbol] = share / close
                uninvested -= share
            }
        }
        return holdings.keys.sorted().reduce(uninvested) {
            $0 + (holdings[$1] ?? 0) * (marks[$1] ?? 0)
        }
    }

    /// `update(closes:)` with the closes of a step report.
    public mutating func update(_ report: IterationReport) -> Double {
        update(closes: report.symbols.compactMap { s in s.close.map { (s.symbol, $0) } })
    }
}
