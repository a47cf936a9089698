/// A problem in the paper trader: its feed, its accounting or its journal.
public enum TradingError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The feed was given no series, or series of different intervals.
    case invalidFeed(reason: String)
    /// A symbol the trader was asked about is not in its feed.
    case unknownSymbol(String)
    /// Cash plus positions differ from the ledger's equity (initial + realised + unrealised − fees).
    case equityIdentityViolated(
        iteration: Int, cash: Double, positionsValue: Double, ledgerEquity: Double)
    /// Cash went negative.
    case negativeCash(iteration: Int, cash: Double)
    /// A sell asked for more than the position holds (positions are long-only).
    case oversell(symbol: String, quantity: Double, held: Double)
    /// The journal (SQLite through GRDB) failed.
    case journal(path: String, message: String)
    /// The journal belongs to another configuration or feed.
    case journalMismatch(path: String, reason: String)
    /// The journal is held by another trader (`pid` is the owner's process id, when it wrote one).
    case journalInUse(path: String, pid: Int32?)
    /// The file at the journal's path is not a Kilo journal (empty, not SQLite, or other tables).
    case notAJournal(path: String, reason: String)
    /// A symbol's ensemble misses models with a non-zero weight while `trading.require_all_models`.
    case incompleteEnsemble(symbol: String, omissions: [ModelOmission])
    /// A signal source failed for a symbol.
    case signalSource(symbol: String, message: String)
    /// A backtest window holds no bars.
    case emptyWindow(reason: String)

    public var description: String {
        switch self {
        case .invalidFeed(let reason):
            return "invalid market feed: \(reason)"
        case .unknownSymbol(let symbol):
            return "symbol '\(symbol)' is not in the trader's feed"
        case .equityIdentityViolated(let iteration, let cash, let positions, let ledger):
            return
                "equity identity violated at iteration \(iteration): cash \(cash) + positions \(positions) != ledger equity \(ledger)"
        case .negativeCash(let iteration, let cash):
            return "cash went negative at iteration \(iteration): \(cash)"
        case .oversell(let symbol, let quantity, let held):
            return "sell of \(quantity) '\(symbol)' exceeds the \(held) held"
        case .journal(let path, let message):
            return "trader journal '\(path)': \(message)"
        case .journalMismatch(let path, let reason):
            return "trader journal '\(path)' does not match this trader: \(reason)"
        case .journalInUse(let path, let pid):
            let owner = pid.map { "PID \($0)" } ?? "another process"
            return "journal '\(path)' is in use by \(owner); stop that trader first (one writer per journal)"
        case .notAJournal(let path, let reason):
            return "'\(path)' is not a Kilo trader journal: \(reason); move it away or set trading.state_path"
        case .incompleteEnsemble(let symbol, let omissions):
            let missing = omissions.map { "\($0.model.rawValue) (weight \($0.weight)): \($0.reason)" }
            return
                "refusing to trade \(symbol) on an incomplete ensemble: \(missing.joined(separator: "; ")) (trading.require_all_models is true; retrain, or set it false to trade on the other models)"
        case .signalSource(let symbol, let message):
            return "signal source failed for '\(symbol)': \(message)"
        case .emptyWindow(let reason):
            return "backtest window is empty: \(reason)"
        }
    }
}
