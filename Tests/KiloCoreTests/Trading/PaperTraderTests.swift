import Testing

@testable import KiloCore

@Suite struct PaperTraderTests {
    typealias F = TradingFixtures

    /// Fee- and slippage-free config for exact arithmetic.
    static func costless(_ edit: (inout TradingConfig) -> Void = { _ in }) -> TradingConfig {
        F.config {
            $0.fee = 0
            $0.slippage = 0
            edit(&$0)
        }
    }

    /// Orders by id across reports.
    func orders(_ reports: [IterationReport]) -> [Int: Order] {
        var all: [Int: Order] = [:]
        for r in reports { for s in r.symbols { if let o = s.order { all[o.id] = o } } }
        return all
    }

    @Test func ordersFillAtTheNextBarsOpenNeverAtTheDecidingBar() throws {
        let s = F.series(
            "AAA", opens: [100, 101, 102, 103, 104, 105],
            closes: [100.5, 101.5, 102.5, 103.5, 104.5, 105.5])
        let trader = try F.trader([s], config: F.config())
        let first = try #require(try trader.step())
        #expect(first.symbols[0].action == .buy)
        #expect(first.symbols[0].fill == nil)
        let order = try #require(first.symbols[0].order)
        #expect(order.decidedAtBar == s.timestamps[0])
        #expect(trader.portfolio.cash == 10_000)
        let second = try #require(try trader.step())
        let fill = try #require(second.symbols[0].fill)
        #expect(fill.orderID == order.id && fill.barTime == s.timestamps[1])
        #expect(fill.price == 101 * (1 + 0.0005))
        // The order was sized at the deciding close: 10% of equity.
        #expect(order.quantity == 0.1 * 10_000 / 100.5)
    }

    @Test func everyFillOfARealRunIsOneBarAfterItsDecision() throws {
        let series = try F.realSeries(["BTCEUR", "ETHEUR", "ADAEUR"], count: 400)
        let trader = try F.trader(series, config: F.config(), start: 50, sources: F.momentumSources)
        let reports = try trader.step(400)
        let byID = orders(reports)
        #expect(trader.fills.count > 10)
        for fill in trader.fills {
            let order = try #require(byID[fill.orderID])
            #expect(fill.barTime == order.decidedAtBar + 1_800_000)
            #expect(fill.side == order.side)
        }
    }

    @Test func equityIsCashPlusPositionsEveryIteration() throws {
        let series = try F.realSeries(
            ["BTCEUR", "ETHEUR", "ADAEUR", "DOTEUR", "LINKEUR"], count: 300)
        let trader = try F.trader(series, config: F.config(), start: 30, sources: F.momentumSources)
        var marks: [String: Double] = [:]
        while let r = try trader.step() {
            for s in r.symbols { if let c = s.close { marks[s.symbol] = c } }
            let p = trader.portfolio
            let positions = p.positions.values.reduce(0) {
                $0 + $1.quantity * (marks[$1.symbol] ?? 0)
            }
            #expect(abs(r.equity - (p.cash + positions)) <= 1e-9 * r.equity)
            #expect(abs(r.equity - p.ledgerEquity(marks: marks)) <= 1e-9 * r.equity)
        }
        #expect(trader.portfolio.fees > 0 && trader.portfolio.slippage > 0)
    }

    @Test func maxPositionSizeCapsBuys() throws {
        let trader = try F.trader([F.flat("AAA", count: 6)], config: Self.costless())
        let reports = try trader.step(6)
        #expect(trader.fills.count == 1)
        #expect(trader.portfolio.quantity(of: "AAA") == 10)  // 10% of 10 000 at 100
        #expect(reports[2].symbols[0].reason == "position at max_position_size")
    }

    @Test func minTradeValueBlocksSmallOrders() throws {
        let config = Self.costless {
            $0.initialBalance = 100
            $0.maxPositionSize = 0.01
        }
        let trader = try F.trader([F.flat("AAA", count: 4)], config: config)
        let reports = try trader.step(4)
        #expect(trader.fills.isEmpty)
        #expect(reports[0].symbols[0].reason == "order below min_trade_value")
    }

    func exit(closes: [Double], config: TradingConfig) throws -> (
        Order, Fill, [IterationReport], BarSeries
    ) {
        let s = F.series("AAA", closes: closes)
        let trader = try F.trader([s], config: config)
        let reports = try trader.step(closes.count)
        let sell = try #require(trader.fills.first { $0.side == .sell })
        let order = try #require(orders(reports)[sell.orderID])
        return (order, sell, reports, s)
    }

    @Test func stopLossSellsAtTheNextOpen() throws {
        let (order, fill, _, s) = try exit(
            closes: [100, 100, 100, 97, 97, 97], config: Self.costless { $0.takeProfit = 0.5 })
        #expect(order.reason == .stopLoss && order.decidedAtBar == s.timestamps[3])
        #expect(fill.barTime == s.timestamps[4] && fill.price == 97 && fill.quantity == 10)
    }

    @Test func stopLossIsNotTriggeredAboveTheLimit() throws {
        let trader = try F.trader(
            [F.series("AAA", closes: [100, 100, 100, 98.5, 98.5])], config: Self.costless())
        _ = try trader.step(5)
        #expect(trader.fills.allSatisfy { $0.side == .buy })
    }

    @Test func takeProfitSellsAtTheNextOpen() throws {
        let (order, fill, _, s) = try exit(
            closes: [100, 100, 100, 105, 105, 105], config: Self.costless())
        #expect(order.reason == .takeProfit && order.decidedAtBar == s.timestamps[3])
        #expect(fill.barTime == s.timestamps[4] && fill.price == 105)
    }

    @Test func positionTimeoutSellsAfterTheConfiguredBars() throws {
        let (order, fill, _, s) = try exit(
            closes: Array(repeating: 100, count: 7),
            config: Self.costless { $0.positionTimeoutBars = 3 })
        // Entry filled at bar 1; bar 4 is 3 bars later.
        #expect(order.reason == .timeout && order.decidedAtBar == s.timestamps[4])
        #expect(fill.barTime == s.timestamps[5])
    }

    @Test func maxDrawdownHaltsNewEntries() throws {
        let s = F.series("AAA", closes: [100, 100, 100, 85, 85, 85, 85, 85, 85])
        let config = Self.costless {
            $0.maxPositionSize = 1
            $0.stopLoss = 0.5
        }
        let source = ScriptedSource { _, i in i == 4 ? -0.05 : 0.05 }
        let trader = try F.trader([s], config: config, sources: { _ in [source] })
        let reports = try trader.step(9)
        #expect(!reports[2].isHalted && reports[3].isHalted)
        #expect(abs(reports[3].drawdown - 0.15) < 1e-12)
        #expect(reports[4].symbols[0].action == .sell)  // exits still run
        #expect(trader.portfolio.positions.isEmpty)
        for r in reports[5...] {
            #expect(r.symbols[0].action == .hold)
            #expect(r.symbols[0].reason.hasPrefix("entries halted"))
        }
        #expect(trader.portfolioReport().isHalted)
    }

    @Test func maxPositionsLimitsSymbolsHeld() throws {
        let series = ["AAA", "BBB", "CCC", "DDD"].map { F.flat($0, count: 5) }
        let trader = try F.trader(series, config: Self.costless { $0.maxPositions = 2 })
        let reports = try trader.step(5)
        #expect(reports[0].symbols.map(\.action) == [.buy, .buy, .hold, .hold])
        #expect(reports[0].symbols[2].reason == "max_positions 2 reached")
        #expect(trader.portfolio.positions.count == 2)
    }

    @Test func aFailingSymbolIsSkippedWhileTheOthersTrade() throws {
        let a = F.flat("AAA", count: 6)
        var b = F.flat("BBB", count: 6)
        b.high[2] = 50  // high below low
        let c0 = F.flat("CCC", count: 6)
        let c = BarSeries(
            symbol: "CCC", interval: c0.interval,
            timestamps: c0.timestamps.enumerated().filter { $0.offset != 2 }.map(\.element),
            open: Array(repeating: 100, count: 5), high: Array(repeating: 101, count: 5),
            low: Array(repeating: 99, count: 5),
            close: Array(repeating: 100, count: 5), volume: Array(repeating: 1, count: 5))
        let lateBuyer = ScriptedSource { _, i in i >= 1 ? 0.05 : 0 }
        let trader = try F.trader(
            [a, b, c], config: Self.costless(),
            sources: { $0 == "AAA" ? [ConstantSource(values: [.gru: 0.05])] : [lateBuyer] })
        let reports = try trader.step(6)
        // Bar 1: BBB and CCC decide to buy; bar 2 is bad for both, so their orders are cancelled.
        #expect(reports[1].symbols[1].action == .buy && reports[1].symbols[2].action == .buy)
        let bar2 = reports[2].symbols
        #expect(bar2[0].action == .hold && bar2[0].reason == "position at max_position_size")
        #expect(bar2[1].action == .skipped && bar2[1].reason.hasPrefix("bad bar"))
        #expect(bar2[2].action == .skipped && bar2[2].reason.hasPrefix("missing bar"))
        #expect(bar2[1].cancelledOrder?.status == .cancelled && bar2[2].cancelledOrder != nil)
        // Bar 3: CCC's bar follows a gap; BBB trades again.
        #expect(reports[3].symbols[2].reason.hasPrefix("gap of 1 bars"))
        #expect(reports[3].symbols[1].action == .buy)
        #expect(trader.fills.map(\.symbol) == ["AAA", "BBB", "CCC"])
    }

    @Test func aThrowingSourceSkipsOnlyItsSymbol() throws {
        let series = ["AAA", "BBB"].map { F.flat($0, count: 3) }
        let trader = try F.trader(
            series, config: F.config(),
            sources: { $0 == "BBB" ? [FailingSource()] : [ConstantSource(values: [.gru: 0.05])] })
        let r = try #require(try trader.step())
        #expect(r.symbols[0].action == .buy)
        #expect(
            r.symbols[1].action == .skipped
                && r.symbols[1].reason == "signal source failed: model file missing")
    }

    @Test func warmupSkipsASourceUntilEnoughBars() throws {
        let source = ConstantSource(warmupBars: 2, values: [.ppo: 0.05])
        let trader = try F.trader(
            [F.flat("AAA", count: 4)], config: F.config(), sources: { _ in [source] })
        let reports = try trader.step(3)
        #expect(reports[0].symbols[0].predictions.isEmpty && reports[0].symbols[0].action == .hold)
        #expect(
            reports[2].symbols[0].predictions == [.ppo: 0.05]
                && reports[2].symbols[0].action == .buy)
    }

    @Test func stepReportCarriesPredictionsEnsembleAndThreshold() throws {
        let source = ConstantSource(values: [.gru: 0.01, .lightgbm: 0.002, .ppo: -0.004])
        let trader = try F.trader(
            [F.flat("BTCEUR", count: 3)], config: F.config(), sources: { _ in [source] })
        let s = try #require(try trader.step()).symbols[0]
        #expect(s.predictions == [.gru: 0.01, .lightgbm: 0.002, .ppo: -0.004])
        #expect(abs((s.ensemble ?? 0) - (0.45 * 0.01 + 0.45 * 0.002 - 0.1 * 0.004)) < 1e-15)
        #expect(s.threshold == 0.003)  // round-trip cost; volatility unknown at the first bar
        #expect(s.signal == .buy && s.barTime == TradingFixtures.t0 && s.close == 100)
    }

    @Test func portfolioTradesAndStatusReports() throws {
        let s = F.series("AAA", closes: [100, 100, 110, 110])
        let trader = try F.trader([s], config: Self.costless())
        _ = try trader.step(3)
        let p = trader.portfolioReport()
        #expect(p.positions.count == 1)
        let pos = p.positions[0]
        #expect(pos.quantity == 10 && pos.averagePrice == 100 && pos.markPrice == 110)
        #expect(pos.marketValue == 1_100 && pos.unrealizedPnL == 100)
        #expect(p.cash == 9_000 && p.equity == 10_100 && p.peakEquity == 10_100 && p.drawdown == 0)
        #expect(trader.trades(last: 5).count == 1 && trader.trades(last: 0).isEmpty)
        let st = trader.status()
        #expect(
            st.iterations == 3 && st.lastBarTime == s.timestamps[2]
                && st.nextBarTime == s.timestamps[3])
        #expect(st.pendingOrders.count == 1 && st.pendingOrders[0].reason == .takeProfit)
        #expect(st.statePath == ":memory:" && st.openPositions == 1 && !st.isExhausted)
    }

    @Test func resetStartsOverAndReplaysTheSameFills() throws {
        let series = try F.realSeries(["BTCEUR", "ETHEUR"], count: 200)
        let trader = try F.trader(series, config: F.config(), start: 20, sources: F.momentumSources)
        _ = try trader.step(100)
        let first = trader.fills
        try trader.reset()
        #expect(
            trader.status().iterations == 0 && trader.portfolio.cash == 10_000
                && trader.fills.isEmpty)
        _ = try trader.step(100)
        #expect(trader.fills == first)
    }
}
