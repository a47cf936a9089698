import Testing

@testable import KiloCore

/// Hand-built trader reports.
enum ReportFixtures {
    /// 2024-08-23 23:00 UTC.
    static let t0: Int64 = 1_724_454_000_000
    static let halfHour: Int64 = 1_800_000

    static func step(
        _ symbol: String, at barTime: Int64, close: Double? = 100, action: SymbolAction = .hold,
        reason: String = ""
    ) -> SymbolStep {
        var step = SymbolStep(symbol: symbol, barTime: barTime, action: action, reason: reason)
        step.close = close
        return step
    }

    static func report(
        _ iteration: Int, at barTime: Int64, steps: [SymbolStep], equity: Double = 10_000,
        peak: Double = 10_000, halted: Bool = false
    ) -> IterationReport {
        IterationReport(
            iteration: iteration, clock: barTime + halfHour, barTime: barTime, symbols: steps,
            cash: equity, equity: equity, peakEquity: peak, isHalted: halted,
            hasOpenPosition: false)
    }

    static func order(
        _ id: Int, _ symbol: String, _ side: OrderSide, _ quantity: Double, _ reason: OrderReason,
        at barTime: Int64
    ) -> Order {
        Order(
            id: id, symbol: symbol, side: side, quantity: quantity, reason: reason, iteration: 1,
            decidedAtBar: barTime)
    }

    static func fill(
        _ id: Int, order: Int, _ symbol: String, _ side: OrderSide, _ quantity: Double, at price: Double,
        fee: Double, barTime: Int64
    ) -> Fill {
        Fill(
            id: id, orderID: order, symbol: symbol, side: side, quantity: quantity, price: price,
            referencePrice: price, fee: fee, slippageCost: 0, barTime: barTime, iteration: 2)
    }

    static func status(
        symbols: [String] = ["BTCEUR", "ETHEUR"], iterations: Int = 0, lastBarTime: Int64? = nil,
        pending: [Order] = [], positions: Int = 0, fills: Int = 0, equity: Double = 10_000, halted: Bool = false
    ) -> TraderStatus {
        TraderStatus(
            statePath: ":memory:", symbols: symbols, interval: BarInterval(seconds: 1_800),
            iterations: iterations, lastBarTime: lastBarTime, nextBarTime: t0, isExhausted: false,
            pendingOrders: pending, openPositions: positions, fills: fills, equity: equity, isHalted: halted)
    }

    static func portfolio(equity: Double = 10_000, positions: [PositionReport] = []) -> PortfolioReport {
        PortfolioReport(
            cash: equity, positions: positions, equity: equity, initialBalance: 10_000, realizedPnL: 0,
            unrealizedPnL: 0, fees: 0, slippage: 0, peakEquity: equity, drawdown: 0, isHalted: false)
    }

    static func notes(repeatMinutes: Double = 60) -> TradeNotifications {
        var settings = NotificationsConfig()
        settings.errorRepeatMinutes = repeatMinutes
        return TradeNotifications(settings: settings, maxDrawdown: 0.1)
    }
}

@Suite struct TradeNotificationsTests {
    typealias F = ReportFixtures

    @Test func startAndStopTexts() {
        var notes = F.notes()
        let status = F.status(iterations: 12, lastBarTime: F.t0, positions: 1, halted: true)
        #expect(
            notes.started(mode: "live", status: status, portfolio: F.portfolio())
                == "Kilo trader started (live): BTCEUR, ETHEUR · 30m bars · equity 10000.00 · resuming after 12"
                + " iterations (last bar 2024-08-23 23:00 UTC) · 1 open position · entries halted by max_drawdown")
        #expect(
            notes.stopped(reason: "Ctrl-C", status: F.status(iterations: 20, fills: 4), portfolio: F.portfolio(equity: 10_123.456))
                == "Kilo trader stopped (Ctrl-C): 20 iterations · equity 10123.46 (+123.46, +1.23% since start)"
                + " · 0 open positions · 4 fills")
    }

    @Test func aFillNamesTheReasonOfTheOrderPlacedTheIterationBefore() {
        var notes = F.notes()
        _ = notes.started(mode: "replay", status: F.status(), portfolio: F.portfolio())
        var first = F.step("BTCEUR", at: F.t0, action: .buy)
        first.order = F.order(7, "BTCEUR", .buy, 0.0123, .signal, at: F.t0)
        #expect(notes.messages(for: F.report(1, at: F.t0, steps: [first])).isEmpty)
        var second = F.step("BTCEUR", at: F.t0 + F.halfHour)
        second.fill = F.fill(1, order: 7, "BTCEUR", .buy, 0.0123, at: 51_234.56, fee: 0.63, barTime: F.t0 + F.halfHour)
        #expect(
            notes.messages(for: F.report(2, at: F.t0 + F.halfHour, steps: [second]))
                == ["BUY 0.0123 BTCEUR @ 51234.56 (value 630.19, fee 0.63) · signal · 2024-08-23 23:30 UTC"])
    }

    @Test func riskExitsAreAnnouncedAndTheirFillsNamed() {
        var notes = F.notes()
        var decided = F.step("ETHEUR", at: F.t0, close: 2_400.5, action: .sell, reason: "stop_loss")
        decided.order = F.order(3, "ETHEUR", .sell, 0.5, .stopLoss, at: F.t0)
        #expect(
            notes.messages(for: F.report(1, at: F.t0, steps: [decided]))
                == ["Stop-loss on ETHEUR: close 2400.50 at 2024-08-23 23:00 UTC; selling 0.5 at the next open"])
        var filled = F.step("ETHEUR", at: F.t0 + F.halfHour)
        filled.fill = F.fill(2, order: 3, "ETHEUR", .sell, 0.5, at: 2_390.26, fee: 1.2, barTime: F.t0 + F.halfHour)
        #expect(
            notes.messages(for: F.report(2, at: F.t0 + F.halfHour, steps: [filled]))
                == ["SELL 0.5 ETHEUR @ 2390.26 (value 1195.13, fee 1.20) · stop-loss · 2024-08-23 23:30 UTC"])
        var timeout = F.step("ADAEUR", at: F.t0, close: 0.35, action: .sell)
        timeout.order = F.order(4, "ADAEUR", .sell, 1_000, .timeout, at: F.t0)
        #expect(
            notes.messages(for: F.report(3, at: F.t0 + F.halfHour, steps: [timeout]))
                == ["Timeout on ADAEUR: close 0.350000 at 2024-08-23 23:00 UTC; selling 1000 at the next open"])
    }

    @Test func aFillOfAnUnknownOrderNamesItsID() {
        var notes = F.notes()
        var step = F.step("BTCEUR", at: F.t0)
        step.fill = F.fill(9, order: 41, "BTCEUR", .sell, 0.00001, at: 0.5, fee: 0, barTime: F.t0)
        #expect(
            notes.messages(for: F.report(1, at: F.t0, steps: [step]))
                == ["SELL 0.00001 BTCEUR @ 0.500000 (value 0.00, fee 0.00) · order #41 · 2024-08-23 23:00 UTC"])
    }

    @Test func ordersPendingAtStartNameTheirFillsReason() {
        var notes = F.notes()
        let pending = F.order(5, "BTCEUR", .sell, 1, .takeProfit, at: F.t0 - F.halfHour)
        _ = notes.started(mode: "live", status: F.status(pending: [pending]), portfolio: F.portfolio())
        var step = F.step("BTCEUR", at: F.t0)
        step.fill = F.fill(1, order: 5, "BTCEUR", .sell, 1, at: 100, fee: 0.1, barTime: F.t0)
        #expect(notes.messages(for: F.report(1, at: F.t0, steps: [step])).first?.contains("· take-profit ·") == true)
    }

    @Test func theDrawdownHaltIsAnnouncedOnce() {
        var notes = F.notes()
        let steps = [F.step("BTCEUR", at: F.t0)]
        #expect(notes.messages(for: F.report(1, at: F.t0 - 2 * F.halfHour, steps: steps, equity: 9_500)).isEmpty)
        #expect(
            notes.messages(for: F.report(2, at: F.t0 - F.halfHour, steps: steps, equity: 8_969, halted: true))
                == ["Entries halted: drawdown 10.31% reached max_drawdown 10.00% (equity 8969.00, peak 10000.00)"
                    + " at 2024-08-23 22:30 UTC; exits still run, `trader reset` lifts the halt"])
        #expect(notes.messages(for: F.report(3, at: F.t0, steps: steps, equity: 8_900, halted: true)).isEmpty)
    }

    @Test func aCancelledOrderIsReported() {
        var notes = F.notes()
        var step = F.step("BTCEUR", at: F.t0, close: nil, action: .skipped, reason: "missing bar at 1")
        var order = F.order(2, "BTCEUR", .buy, 1, .signal, at: F.t0 - F.halfHour)
        order.status = .cancelled
        order.note = "no valid bar to fill at (missing bar at 1)"
        step.cancelledOrder = order
        let texts = notes.messages(for: F.report(1, at: F.t0, steps: [step]))
        #expect(texts.first == "Order #2 (buy BTCEUR) cancelled: no valid bar to fill at (missing bar at 1)")
        #expect(texts.count == 2)
    }

    @Test func aPersistentlySkippedSymbolIsReportedOncePerRepeatIntervalThenRecovers() {
        var notes = F.notes(repeatMinutes: 60)
        var texts: [[String]] = []
        for i in 0..<4 {
            let t = F.t0 + Int64(i) * F.halfHour
            let steps = [
                F.step("BTCEUR", at: t), F.step("ETHEUR", at: t, close: nil, action: .skipped, reason: "missing bar at \(t)"),
            ]
            texts.append(notes.messages(for: F.report(i + 1, at: t, steps: steps)))
        }
        let t4 = F.t0 + 4 * F.halfHour
        texts.append(notes.messages(for: F.report(5, at: t4, steps: [F.step("BTCEUR", at: t4), F.step("ETHEUR", at: t4)])))
        #expect(texts[0] == ["ETHEUR skipped at 2024-08-23 23:00 UTC: missing bar at \(F.t0)"])
        #expect(texts[1].isEmpty)
        #expect(texts[2].last == "ETHEUR still skipped (3 bars since 2024-08-23 23:00 UTC): missing bar at \(F.t0 + 2 * F.halfHour)")
        #expect(texts[3].isEmpty)
        #expect(texts[4] == ["ETHEUR trading again at 2024-08-24 01:00 UTC after 4 skipped bars"])
    }

    @Test func feedFailuresAreRateLimitedAndTheRecoveryReported() {
        var notes = F.notes(repeatMinutes: 60)
        let minute: Int64 = 60_000
        #expect(notes.feedFailed("HTTP 500", at: F.t0) == ["Market feed failed: HTTP 500"])
        #expect(notes.feedFailed("HTTP 500", at: F.t0 + 10 * minute).isEmpty)
        #expect(notes.feedFailed("timeout", at: F.t0 + 61 * minute) == ["Market feed still failing (3 failures): timeout"])
        let report = F.report(1, at: F.t0, steps: [F.step("BTCEUR", at: F.t0)])
        #expect(notes.messages(for: report) == ["Market feed recovered after 3 failures"])
        #expect(notes.feedFailed("again", at: F.t0 + 62 * minute) == ["Market feed failed: again"])
    }

    @Test func aDailySummaryFollowsTheLastBarOfAUTCDay() {
        var notes = F.notes()
        _ = notes.started(mode: "live", status: F.status(), portfolio: F.portfolio(equity: 10_000))
        var buy = F.step("BTCEUR", at: F.t0, close: 50_100)
        buy.fill = F.fill(1, order: 1, "BTCEUR", .buy, 0.02, at: 50_000, fee: 1, barTime: F.t0)
        let skip = F.step("ETHEUR", at: F.t0, close: nil, action: .skipped, reason: "stale bar")
        #expect(notes.messages(for: F.report(1, at: F.t0, steps: [buy, skip], equity: 10_001)).count == 2)
        let t1 = F.t0 + F.halfHour
        #expect(
            notes.messages(for: F.report(2, at: t1, steps: [F.step("BTCEUR", at: t1, close: 51_000), skip], equity: 10_019))
                .isEmpty)
        let t2 = F.t0 + 2 * F.halfHour
        let texts = notes.messages(for: F.report(3, at: t2, steps: [F.step("BTCEUR", at: t2), F.step("ETHEUR", at: t2)], equity: 10_030))
        #expect(
            texts.first
                == """
                Daily summary 2024-08-23 (UTC), 2 iterations
                equity 10019.00 · day P&L +19.00 (+0.19%)
                fills: 1 (1 buy, 0 sells), fees 1.00
                skipped symbol bars: 2
                open positions: BTCEUR 0.02 (≈ 1020.00)
                """)
        #expect(texts.count == 2 && texts.last?.hasPrefix("ETHEUR trading again") == true)
        let today = notes.currentDaySummary()
        #expect(today?.day == "2024-08-24" && today?.startEquity == 10_019 && today?.endEquity == 10_030)
        #expect(today?.iterations == 1 && today?.fills.isEmpty == true)
        #expect(today?.positions == [HeldPosition(symbol: "BTCEUR", quantity: 0.02, value: 0.02 * 100)])
    }

    @Test func aPositionSoldInFullLeavesTheSummary() {
        var notes = F.notes()
        let held = PositionReport(
            symbol: "BTCEUR", quantity: 0.1, averagePrice: 100, markPrice: 110, marketValue: 11,
            unrealizedPnL: 1, entryBarTime: F.t0 - F.halfHour)
        _ = notes.started(mode: "live", status: F.status(lastBarTime: F.t0 - F.halfHour), portfolio: F.portfolio(positions: [held]))
        #expect(notes.currentDaySummary()?.positions == [HeldPosition(symbol: "BTCEUR", quantity: 0.1, value: 11)])
        var sell = F.step("BTCEUR", at: F.t0, close: 120)
        sell.fill = F.fill(1, order: 9, "BTCEUR", .sell, 0.1, at: 115, fee: 0, barTime: F.t0)
        _ = notes.messages(for: F.report(1, at: F.t0, steps: [sell]))
        #expect(notes.currentDaySummary()?.positions.isEmpty == true)
    }
}
