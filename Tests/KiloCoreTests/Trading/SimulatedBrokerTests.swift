import Testing

@testable import KiloCore

@Suite struct SimulatedBrokerTests {
    typealias F = TradingFixtures
    let broker = SimulatedBroker(config: TradingConfig())  // fee 0.001, slippage 0.0005, min 5
    let series = F.series("AAA", opens: [90, 100, 110], closes: [95, 105, 115])

    func order(_ side: OrderSide, _ quantity: Double) -> Order {
        Order(
            id: 1, symbol: "AAA", side: side, quantity: quantity, reason: .signal, iteration: 1,
            decidedAtBar: series.timestamps[0])
    }

    @Test func buyFillsAtOpenPlusSlippageAndPaysTheFee() throws {
        let bar = RevealedBar(series: series, index: 1)
        guard
            case .filled(let fill) = broker.execute(
                order(.buy, 2), at: bar, cash: 1_000, held: 0, fillID: 7, iteration: 2)
        else {
            Issue.record("not filled")
            return
        }
        // 100 × 1.0005 = 100.05; value 200.1; fee 0.2001; slippage 2 × 0.05 = 0.1
        #expect(fill.price == 100 * 1.0005)
        #expect(abs(fill.price - 100.05) < 1e-12)
        #expect(abs(fill.value - 200.1) < 1e-12)
        #expect(abs(fill.fee - 0.2001) < 1e-12)
        #expect(abs(fill.slippageCost - 0.1) < 1e-12)
        #expect(
            fill.referencePrice == 100 && fill.barTime == series.timestamps[1] && fill.id == 7
                && fill.iteration == 2)
        var p = Portfolio(initialBalance: 1_000)
        try p.apply(fill)
        #expect(abs(p.cash - (1_000 - 200.3001)) < 1e-9)
    }

    @Test func sellFillsAtOpenMinusSlippageAndPaysTheFee() throws {
        let bar = RevealedBar(series: series, index: 2)
        guard
            case .filled(let fill) = broker.execute(
                order(.sell, 2), at: bar, cash: 0, held: 2, fillID: 1, iteration: 3)
        else {
            Issue.record("not filled")
            return
        }
        // 110 × 0.9995 = 109.945; value 219.89; fee 0.21989
        #expect(abs(fill.price - 109.945) < 1e-12)
        #expect(abs(fill.fee - 0.21989) < 1e-12)
        #expect(abs(fill.slippageCost - 0.11) < 1e-12)
        var p = Portfolio(initialBalance: 1_000)
        let buy = Fill(
            id: 1, orderID: 1, symbol: "AAA", side: .buy, quantity: 2, price: 100,
            referencePrice: 100, fee: 0, slippageCost: 0, barTime: 0, iteration: 1)
        try p.apply(buy)
        try p.apply(fill)
        #expect(abs(p.cash - (800 + 219.89 - 0.21989)) < 1e-9)
        #expect(abs(p.realizedPnL - 2 * 9.945) < 1e-9)
    }

    @Test func buyIsCutToCashAndCancelledBelowTheMinimum() {
        let bar = RevealedBar(series: series, index: 1)
        guard
            case .filled(let fill) = broker.execute(
                order(.buy, 10), at: bar, cash: 300, held: 0, fillID: 1, iteration: 2)
        else {
            Issue.record("not filled")
            return
        }
        #expect(fill.value + fill.fee <= 300)
        #expect(fill.value + fill.fee > 299.999)
        guard
            case .cancelled = broker.execute(
                order(.buy, 10), at: bar, cash: 4, held: 0, fillID: 1, iteration: 2)
        else {
            Issue.record("filled below the minimum")
            return
        }
    }

    @Test func sellIsCappedAtTheHeldQuantity() {
        let bar = RevealedBar(series: series, index: 1)
        guard
            case .filled(let fill) = broker.execute(
                order(.sell, 5), at: bar, cash: 0, held: 0.5, fillID: 1, iteration: 2)
        else {
            Issue.record("not filled")
            return
        }
        #expect(fill.quantity == 0.5)
        guard
            case .cancelled = broker.execute(
                order(.sell, 5), at: bar, cash: 0, held: 0, fillID: 1, iteration: 2)
        else {
            Issue.record("sold nothing")
            return
        }
    }
}
