/// Why `fetch` refused to start: the request itself is wrong (per-symbol exchange and store
/// problems are `LiveFeedError`s inside each symbol's `FetchReport`).
public enum FetchError: Error, Equatable, CustomStringConvertible, Sendable {
    /// `--from` is not before `--to` (epoch milliseconds).
    case badRange(from: Int64, to: Int64)
    /// `--from` lies after the last closed bar.
    case fromInFuture(from: Int64, lastClosed: Int64)
    /// A symbol is not 1 to 20 ASCII letters and digits.
    case invalidSymbol(String)
    /// No symbol to fetch (an empty `data.symbols` for `all`).
    case noSymbols

    public var description: String {
        switch self {
        case .badRange(let from, let to):
            "--from \(BarTime.string(fromMilliseconds: from)) is not before --to \(BarTime.string(fromMilliseconds: to))"
        case .fromInFuture(let from, let lastClosed):
            "--from \(BarTime.string(fromMilliseconds: from)) is after the last closed bar "
                + "(\(BarTime.string(fromMilliseconds: lastClosed)) utc)"
        case .invalidSymbol(let symbol):
            "'\(Excerpt.of(symbol))' is not a symbol (1 to 20 ASCII letters and digits)"
        case .noSymbols:
            "no symbols to fetch (data.symbols is empty)"
        }
    }
}
