import Testing

@testable import KiloCore

@Suite struct PositionTests {
    func fill(
        _ side: OrderSide, _ q: Double, _ p: Double, fee: Double = 0, id: Int = 1, t: Int64 = 0
    ) -> Fill {
        Fill(
            id: id, orderID: id, symbol: "AAA", side: side, quantity: q, price: p,
            referencePrice: p, fee: fee, slippageCost: 0, barTime: t, iteration: id)
    }

    @Test func fifoRealisesOldestLotsFirst() throws {
        var p = Position(symbol: "AAA")
        try p.apply(fill(.buy, 1, 100, fee: 1, t: 1))
        try p.apply(fill(.buy, 1, 120, fee: 2, t: 2))
        #expect(p.averagePrice == 110)
        let r = try p.apply(fill(.sell, 1.5, 130, fee: 3))
        // (130 − 100) × 1 + (130 − 120) × 0.5 = 35; fees: 3 + 1 + 0.5 × 2 = 5
        #expect(r.gross == 35)
        #expect(r.net == 30)
        #expect(p.quantity == 0.5 && p.averagePrice == 120 && p.entryBarTime == 2)
        let last = try p.apply(fill(.sell, 0.5, 90))
        #expect(last.gross == -15)
        #expect(p.isFlat)
    }

    @Test func unrealisedAndMarketValue() throws {
        var p = Position(symbol: "AAA")
        try p.apply(fill(.buy, 2, 100))
        try p.apply(fill(.buy, 1, 130))
        #expect(p.marketValue(at: 120) == 360)
        #expect(p.unrealizedPnL(at: 120) == 30)
    }

    @Test func oversellThrows() throws {
        var p = Position(symbol: "AAA")
        try p.apply(fill(.buy, 1, 100))
        #expect(throws: TradingError.oversell(symbol: "AAA", quantity: 2, held: 1)) {
            try p.apply(fill(.sell, 2, 100))
        }
    }

    @Test func sellOfTheSummedQuantityClosesEveryLot() throws {
        var p = Position(symbol: "AAA")
        for (i, q) in [0.1, 0.2, 0.3].enumerated() { try p.apply(fill(.buy, q, 100, id: i)) }
        try p.apply(fill(.sell, p.quantity, 101))
        #expect(p.isFlat)
    }
}
