import Testing

@testable import KiloCore

@Suite struct PortfolioTests {
    func fill(_ id: Int, _ symbol: String, _ side: OrderSide, _ q: Double, _ p: Double, fee: Double)
        -> Fill
    {
        Fill(
            id: id, orderID: id, symbol: symbol, side: side, quantity: q, price: p,
            referencePrice: p, fee: fee, slippageCost: 0.01, barTime: Int64(id), iteration: id)
    }

    var fills: [Fill] {
        [
            fill(1, "AAA", .buy, 2, 100, fee: 0.2), fill(2, "BBB", .buy, 10, 5, fee: 0.05),
            fill(3, "AAA", .sell, 1, 110, fee: 0.11), fill(4, "AAA", .buy, 1, 90, fee: 0.09),
        ]
    }

    @Test func equityIdentityHoldsAcrossFills() throws {
        var p = Portfolio(initialBalance: 1_000)
        let marks = ["AAA": 95.0, "BBB": 6.0]
        for f in fills {
            try p.apply(f)
            try p.checkIdentity(marks: marks, iteration: f.id)
        }
        // cash: 1000 − 200.2 − 50.05 + 109.89 − 90.09 = 769.55
        #expect(abs(p.cash - 769.55) < 1e-9)
        #expect(abs(p.equity(marks: marks) - (769.55 + 2 * 95 + 60)) < 1e-9)
        #expect(abs(p.fees - 0.45) < 1e-12 && abs(p.slippage - 0.04) < 1e-12)
        #expect(p.realizedPnL == 10)
    }

    @Test func aBrokenLedgerViolatesTheIdentity() throws {
        var p = Portfolio(initialBalance: 1_000)
        try p.apply(fills[0])
        var broken = p
        broken.cash += 1  // a ledger bug
        #expect(throws: TradingError.self) {
            try broken.checkIdentity(marks: ["AAA": 100], iteration: 1)
        }
        try p.checkIdentity(marks: ["AAA": 100], iteration: 1)
    }

    @Test func rebuiltFromFillsEqualsTheIncrementalPortfolio() throws {
        var p = Portfolio(initialBalance: 1_000)
        for f in fills { try p.apply(f) }
        #expect(try Portfolio(initialBalance: 1_000, fills: fills) == p)
    }
}
