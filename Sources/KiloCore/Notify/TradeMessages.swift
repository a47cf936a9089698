import Foundation

/// One open position in a daily summary.
public struct HeldPosition: Sendable, Equatable {
    /// The symbol.
    public var symbol: String
    /// Base-asset quantity.
    public var quantity: Double
    /// Quantity times the last valid close.
    public var value: Double
}

/// One UTC day of trading, for the daily summary.
public struct DailySummary: Sendable, Equatable {
    /// The day, `2024-08-23`.
    public var day: String
    /// Equity before the day's first iteration (the previous day's last equity, or the
    /// equity when the trader started).
    public var startEquity: Double
    /// Equity after the day's last iteration.
    public var endEquity: Double
    /// Iterations run that day (since the trader started).
    public var iterations: Int
    /// Fills that day, oldest first.
    public var fills: [Fill]
    /// Symbol lines skipped that day (bad or missing bars, failed sources).
    public var skippedBars: Int
    /// Open positions at the end of the day, sorted by symbol.
    public var positions: [HeldPosition]
}

/// The texts of the trader's notifications: pure functions of what the trader reports.
///
/// Prices show 2 decimals from 1000 up, 4 from 1, 6 below; quantities up to 8 decimals without
/// trailing zeros; money 2 decimals; times `2024-08-23 11:00 UTC` (bar open times).
public enum TradeMessages {
    /// `Kilo trader started (live): BTCEUR, ETHEUR · 30m bars · equity 10000.00 · …`.
    public static func start(mode: String, status: TraderStatus) -> String {
        var text =
            "Kilo trader started (\(mode)): \(status.symbols.joined(separator: ", ")) · \(status.interval.name) bars"
            + " · equity \(money(status.equity))"
        if status.iterations > 0 {
            text += " · resuming after \(status.iterations) iterations"
            if let last = status.lastBarTime { text += " (last bar \(time(last)))" }
        }
        text += " · \(status.openPositions) open position\(status.openPositions == 1 ? "" : "s")"
        if !status.pendingOrders.isEmpty { text += " · \(status.pendingOrders.count) pending orders" }
        if status.isHalted { text += " · entries halted by max_drawdown" }
        return text
    }

    /// `Kilo trader stopped (Ctrl-C): 120 iterations · equity 10123.45 (+123.45, +1.23% since start) · …`.
    public static func stop(reason: String, status: TraderStatus, portfolio: PortfolioReport) -> String {
        let pnl = portfolio.equity - portfolio.initialBalance
        return "Kilo trader stopped (\(reason)): \(status.iterations) iterations · equity \(money(portfolio.equity))"
            + " (\(signedMoney(pnl)), \(percent(pnl, of: portfolio.initialBalance)) since start) · "
            + "\(portfolio.positions.count) open position\(portfolio.positions.count == 1 ? "" : "s")"
            + " · \(status.fills) fills"
    }

    /// `BUY 0.0123 BTCEUR @ 51234.56 (value 630.19, fee 0.63) · stop-loss · 2024-08-23 11:00 UTC`;
    /// the reason is `order #id` when the order was placed before this process started.
    public static func fill(_ fill: Fill, reason: OrderReason?) -> String {
        "\(fill.side.rawValue.uppercased()) \(quantity(fill.quantity)) \(fill.symbol) @ \(price(fill.price))"
            + " (value \(money(fill.value)), fee \(money(fill.fee))) · "
            + (reason.map(describe) ?? "order #\(fill.orderID)") + " · \(time(fill.barTime))"
    }

    /// `Stop-loss on BTCEUR: close 49000.00 at 2024-08-23 11:00 UTC; selling 0.0123 at the next open`.
    public static func riskExit(_ order: Order, close: Double?) -> String {
        let at = close.map { "close \(price($0)) at " } ?? ""
        let rule = describe(order.reason)
        return "\(rule.prefix(1).uppercased() + rule.dropFirst()) on \(order.symbol): \(at)\(time(order.decidedAtBar));"
            + " selling \(quantity(order.quantity)) at the next open"
    }

    /// `Entries halted: drawdown 10.31% reached max_drawdown 10.00% (equity 8969.00, peak 10000.00) at …`.
    public static func halt(_ report: IterationReport, maxDrawdown: Double) -> String {
        "Entries halted: drawdown \(percent(report.drawdown)) reached max_drawdown \(percent(maxDrawdown))"
            + " (equity \(money(report.equity)), peak \(money(report.peakEquity))) at \(time(report.barTime));"
            + " exits still run, `trader reset` lifts the halt"
    }

    /// `Order #12 (buy BTCEUR) cancelled: no valid bar to fill at (…)`.
    public static func cancelled(_ order: Order) -> String {
        "Order #\(order.id) (\(order.side.rawValue) \(order.symbol)) cancelled: \(order.note)"
    }

    /// `BTCEUR skipped at 2024-08-23 11:00 UTC: missing bar at …`, or, repeated,
    /// `BTCEUR still skipped (7 bars since 2024-08-23 08:00 UTC): …`.
    public static func skipped(
        symbol: String, reason: String, barTime: Int64, streak: Int, since: Int64
    ) -> String {
        if streak <= 1 { return "\(symbol) skipped at \(time(barTime)): \(reason)" }
        return "\(symbol) still skipped (\(streak) bars since \(time(since))): \(reason)"
    }

    /// `BTCEUR trading again at 2024-08-23 12:00 UTC after 3 skipped bars`.
    public static func recovered(symbol: String, skippedBars: Int, barTime: Int64) -> String {
        "\(symbol) trading again at \(time(barTime)) after \(skippedBars) skipped bar\(skippedBars == 1 ? "" : "s")"
    }

    /// `Market feed failed: …`, or, repeated, `Market feed still failing (5 failures): …`.
    public static func feedFailed(_ message: String, failures: Int) -> String {
        failures <= 1
            ? "Market feed failed: \(message)" : "Market feed still failing (\(failures) failures): \(message)"
    }

    /// `Market feed recovered after 5 failures`.
    public static func feedRecovered(failures: Int) -> String {
        "Market feed recovered after \(failures) failure\(failures == 1 ? "" : "s")"
    }

    /// Several lines: day, equity and day P&L, fills, skips, open positions; `soFar` labels the
    /// unfinished day sent at stop.
    public static func dailySummary(_ summary: DailySummary, soFar: Bool = false) -> String {
        let pnl = summary.endEquity - summary.startEquity
        let buys = summary.fills.filter { $0.side == .buy }.count
        let fees = summary.fills.reduce(0) { $0 + $1.fee }
        var lines = [
            "\(soFar ? "Summary so far of" : "Daily summary") \(summary.day) (UTC), \(summary.iterations) iterations",
            "equity \(money(summary.endEquity)) · day P&L \(signedMoney(pnl)) (\(percent(pnl, of: summary.startEquity)))",
            "fills: \(summary.fills.count) (\(buys) buy\(buys == 1 ? "" : "s"), "
                + "\(summary.fills.count - buys) sell\(summary.fills.count - buys == 1 ? "" : "s")), fees \(money(fees))",
        ]
        if summary.skippedBars > 0 { lines.append("skipped symbol bars: \(summary.skippedBars)") }
        let held = summary.positions.map { "\($0.symbol) \(quantity($0.quantity)) (≈ \(money($0.value)))" }
        lines.append("open positions: " + (held.isEmpty ? "none" : held.joined(separator: ", ")))
        return lines.joined(separator: "\n")
    }

    // MARK: - Formatting

    /// `signal`, `stop-loss`, `take-profit`, `timeout`.
    public static func describe(_ reason: OrderReason) -> String {
        switch reason {
        case .signal: "signal"
        case .stopLoss: "stop-loss"
        case .takeProfit: "take-profit"
        case .timeout: "timeout"
        }
    }

    /// `2024-08-23 11:00 UTC`.
    static func time(_ milliseconds: Int64) -> String { BarTime.string(fromMilliseconds: milliseconds) + " UTC" }

    /// Two decimals.
    static func money(_ value: Double) -> String { String(format: "%.2f", value) }

    /// Two decimals with a sign.
    static func signedMoney(_ value: Double) -> String { String(format: "%+.2f", value) }

    /// `10.31%` of a fraction.
    static func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }

    /// `+1.23%` of `value / base` (`n/a` when the base is not positive).
    static func percent(_ value: Double, of base: Double) -> String {
        base > 0 ? String(format: "%+.2f%%", value / base * 100) : "n/a"
    }

    /// Decimals by magnitude: 2 from 1000, 4 from 1, 6 below.
    static func price(_ value: Double) -> String {
        let magnitude = abs(value)
        return String(format: magnitude >= 1_000 ? "%.2f" : magnitude >= 1 ? "%.4f" : "%.6f", value)
    }

    /// Up to 8 decimals, trailing zeros removed.
    static func quantity(_ value: Double) -> String {
        var text = String(format: "%.8f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
