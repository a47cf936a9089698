/// The journal's `meta` table: what a journal was written for, checked on every resume.
///
/// Besides the symbols, interval and start, the journal records every `trading` parameter that
/// decides orders or their accounting (fee, slippage, sizes, exits, drawdown, weights,
/// thresholds, volatility window). Resuming with any of them changed is refused naming the key:
/// the journal's fills and equity must follow from one set of rules, or a resumed run would no
/// longer equal an uninterrupted one and its report would mix two strategies. `trader reset` or
/// another `trading.state_path` starts afresh with new values. Set-up choices that do not change
/// the rules (`require_all_models`, `state_path`, `live`) are not recorded.
enum JournalMeta {
    /// The key of the feed cursor where the journal started (not checked: a reset's target).
    static let startCursor = "start_cursor"

    /// The entries for a trader with `config` on `feed`, starting at `startCursor`.
    static func entries(config: TradingConfig, feed: any MarketFeed, startCursor: Int64) -> [String: String] {
        var meta = [
            "symbols": feed.symbols.joined(separator: ","), "interval": feed.interval.name,
            Self.startCursor: "\(startCursor)",
        ]
        for (key, value) in parameters(config) { meta[key] = value }
        return meta
    }

    /// The recorded `trading` parameters by key (`initial_balance` under its historical name,
    /// the others as `trading.<key>`), each value as text that round-trips.
    static func parameters(_ c: TradingConfig) -> [String: String] {
        func map(_ values: [String: Double]) -> String {
            values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        let values: [(PartialKeyPath<TradingConfig>, String)] = [
            (\.fee, "\(c.fee)"), (\.slippage, "\(c.slippage)"), (\.maxPositionSize, "\(c.maxPositionSize)"),
            (\.minTradeValue, "\(c.minTradeValue)"), (\.stopLoss, "\(c.stopLoss)"), (\.takeProfit, "\(c.takeProfit)"),
            (\.maxDrawdown, "\(c.maxDrawdown)"), (\.maxPositions, "\(c.maxPositions)"),
            (\.positionTimeoutBars, "\(c.positionTimeoutBars)"), (\.modelWeights, map(c.modelWeights)),
            (\.baseThresholds, map(c.baseThresholds)), (\.defaultThreshold, "\(c.defaultThreshold)"),
            (\.volatilityWindow, "\(c.volatilityWindow)"),
        ]
        var result = ["initial_balance": "\(c.initialBalance)"]
        for (path, value) in values { result["trading." + TradingConfig.name(of: path)] = value }
        return result
    }

    /// The name a key is reported by: `trading.initial_balance`, `trading.fee`, `symbols`, ….
    static func displayName(_ key: String) -> String {
        key == "initial_balance" ? "trading.initial_balance" : key
    }

    /// Refuses a journal whose recorded entries differ from `current` (keys the journal lacks,
    /// written before they were recorded, are not compared).
    /// - Throws: `TradingError.journalMismatch` naming the first differing key, in a fixed order.
    static func check(saved: [String: String], current: [String: String], path: String) throws(TradingError) {
        let order = ["symbols", "interval", "initial_balance"] + current.keys.filter { $0.hasPrefix("trading.") }.sorted()
        for key in order {
            guard let was = saved[key], let now = current[key], was != now else { continue }
            throw .journalMismatch(
                path: path,
                reason:
                    "\(displayName(key)) is '\(was)' in the journal, this trader has '\(now)' (trader reset, or another trading.state_path, starts afresh)"
            )
        }
    }
}
