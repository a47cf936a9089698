/// Turns the trader's lifecycle into message texts (`TradeMessages`): start, stop, fills, risk
/// exits, the drawdown halt, cancelled orders, skipped symbols and feed failures (rate-limited)
/// and a daily summary when the UTC day of the bar time changes.
///
/// A value fed with what the trader reports, in order; it remembers only what the messages
/// need (orders awaiting their fill, to name a fill's reason; quantities and last closes, for
/// the summary; running error streaks). It never sends anything itself:
///
/// ```swift
/// var notes = TradeNotifications(settings: config.notifications, maxDrawdown: config.trading.maxDrawdown)
/// notifier.notify(notes.started(mode: "live", status: trader.status(), portfolio: trader.portfolioReport()))
/// trader.run(...) { report in notifier.notify(notes.messages(for: report)) }
/// notifier.notify(notes.stopped(reason: "Ctrl-C", status: trader.status(), portfolio: trader.portfolioReport()))
/// ```
public struct TradeNotifications: Sendable {
    /// A symbol's (or the feed's) run of failures.
    struct Streak: Sendable, Equatable {
        /// Failures in a row.
        var count: Int
        /// Bar time (or clock) of the first.
        var since: Int64
        /// Clock of the last message about it.
        var lastReported: Int64
    }

    /// The stretch of the current UTC day seen so far.
    struct Day: Sendable, Equatable {
        var number: Int64
        var startEquity: Double
        var iterations = 0
        var fills: [Fill] = []
        var skipped = 0
    }

    private let repeatMilliseconds: Int64
    private let maxDrawdown: Double
    private var pendingOrders: [Int: Order] = [:]
    private var quantities: [String: Double] = [:]
    private var marks: [String: Double] = [:]
    private var isHalted = false
    private var equity: Double?
    private var day: Day?
    private var skipStreaks: [String: Streak] = [:]
    private var feedStreak: Streak?

    /// A composer with `notifications.error_repeat_minutes` and the trader's `max_drawdown`
    /// (named in the halt message).
    public init(settings: NotificationsConfig, maxDrawdown: Double) {
        repeatMilliseconds = Int64((settings.errorRepeatMinutes * 60_000).rounded())
        self.maxDrawdown = maxDrawdown
    }

    /// The start message; also takes the trader's current pending orders, positions, marks, halt
    /// and equity, so a resumed trader's first fills and summary are right.
    public mutating func started(mode: String, status: TraderStatus, portfolio: PortfolioReport) -> String {
        for order in status.pendingOrders { pendingOrders[order.id] = order }
        for position in portfolio.positions {
            quantities[position.symbol] = position.quantity
            marks[position.symbol] = position.markPrice
        }
        isHalted = status.isHalted
        equity = portfolio.equity
        if let last = status.lastBarTime {
            day = Day(number: Self.dayNumber(last), startEquity: portfolio.equity)
        }
        return TradeMessages.start(mode: mode, status: status)
    }

    /// The stop message.
    public func stopped(reason: String, status: TraderStatus, portfolio: PortfolioReport) -> String {
        TradeMessages.stop(reason: reason, status: status, portfolio: portfolio)
    }

    /// The messages one iteration produces, in this order: a feed recovery, the previous day's
    /// summary (when this bar starts a new UTC day), then per symbol its fill, cancelled order,
    /// skip or recovery and risk exit, and last the drawdown halt.
    /// - Complexity: O(symbols).
    public mutating func messages(for report: IterationReport) -> [String] {
        var out: [String] = []
        if let streak = feedStreak {
            out.append(TradeMessages.feedRecovered(failures: streak.count))
            feedStreak = nil
        }
        let today = Self.dayNumber(report.barTime)
        if let previous = day, previous.number != today {
            out.append(TradeMessages.dailySummary(summary(of: previous)))
            day = nil
        }
        var current = day ?? Day(number: today, startEquity: equity ?? report.equity)
        for step in report.symbols {
            if let fill = step.fill {
                out.append(TradeMessages.fill(fill, reason: pendingOrders[fill.orderID]?.reason))
                pendingOrders[fill.orderID] = nil
                apply(fill)
                current.fills.append(fill)
            }
            if let cancelled = step.cancelledOrder {
                out.append(TradeMessages.cancelled(cancelled))
                pendingOrders[cancelled.id] = nil
            }
            if let close = step.close { marks[step.symbol] = close }
            if step.action == .skipped {
                current.skipped += 1
                if let text = skipped(step, report: report) { out.append(text) }
            } else if let streak = skipStreaks.removeValue(forKey: step.symbol) {
                out.append(
                    TradeMessages.recovered(
                        symbol: step.symbol, skippedBars: streak.count, barTime: report.barTime))
            }
            if let order = step.order {
                pendingOrders[order.id] = order
                if order.reason != .signal { out.append(TradeMessages.riskExit(order, close: step.close)) }
            }
        }
        if report.isHalted, !isHalted { out.append(TradeMessages.halt(report, maxDrawdown: maxDrawdown)) }
        isHalted = report.isHalted
        current.iterations += 1
        day = current
        equity = report.equity
        return out
    }

    /// The message for a feed failure (`MarketFeed.next()` threw) at `clock` (epoch ms): the
    /// first of a run, then at most one per `error_repeat_minutes`; `[]` when suppressed.
    public mutating func feedFailed(_ message: String, at clock: Int64) -> [String] {
        guard var streak = feedStreak else {
            feedStreak = Streak(count: 1, since: clock, lastReported: clock)
            return [TradeMessages.feedFailed(message, failures: 1)]
        }
        streak.count += 1
        defer { feedStreak = streak }
        guard clock - streak.lastReported >= repeatMilliseconds else { return [] }
        streak.lastReported = clock
        return [TradeMessages.feedFailed(message, failures: streak.count)]
    }

    /// The summary of the day seen so far (for a `status` line or a last summary at stop),
    /// or `nil` before any iteration.
    public func currentDaySummary() -> DailySummary? { day.map(summary) }

    // MARK: - Pieces

    private mutating func skipped(_ step: SymbolStep, report: IterationReport) -> String? {
        let reason = step.reason.isEmpty ? "no reason given" : step.reason
        guard var streak = skipStreaks[step.symbol] else {
            skipStreaks[step.symbol] = Streak(count: 1, since: report.barTime, lastReported: report.clock)
            return TradeMessages.skipped(
                symbol: step.symbol, reason: reason, barTime: report.barTime, streak: 1, since: report.barTime)
        }
        streak.count += 1
        defer { skipStreaks[step.symbol] = streak }
        guard report.clock - streak.lastReported >= repeatMilliseconds else { return nil }
        streak.lastReported = report.clock
        return TradeMessages.skipped(
            symbol: step.symbol, reason: reason, barTime: report.barTime, streak: streak.count,
            since: streak.since)
    }

    private mutating func apply(_ fill: Fill) {
        let held = (quantities[fill.symbol] ?? 0) + (fill.side == .buy ? fill.quantity : -fill.quantity)
        // A sell of the whole position leaves rounding dust at most; treat it as closed.
        quantities[fill.symbol] = held > 1e-12 * max(1, fill.quantity) ? held : nil
    }

    private func summary(of day: Day) -> DailySummary {
        let (year, month, dayOfMonth) = BarTime.civil(fromDays: day.number)
        let name = String(year) + "-" + Self.twoDigits(month) + "-" + Self.twoDigits(dayOfMonth)
        let positions = quantities.keys.sorted().compactMap { symbol -> HeldPosition? in
            guard let quantity = quantities[symbol] else { return nil }
            return HeldPosition(symbol: symbol, quantity: quantity, value: quantity * (marks[symbol] ?? 0))
        }
        return DailySummary(
            day: name, startEquity: day.startEquity, endEquity: equity ?? day.startEquity,
            iterations: day.iterations, fills: day.fills, skippedBars: day.skipped, positions: positions)
    }

    /// Days since 1970-01-01 of an epoch-millisecond time (floored).
    static func dayNumber(_ milliseconds: Int64) -> Int64 {
        let perDay = BarTime.millisecondsPerDay
        let days = milliseconds / perDay
        return milliseconds % perDay < 0 ? days - 1 : days
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
