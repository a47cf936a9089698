import Testing

@testable import KiloCore

@Suite struct TradingErrorTests {
    @Test(arguments: [
        (TradingError.unknownSymbol("BTCEUR"), "symbol 'BTCEUR' is not in the trader's feed"),
        (.oversell(symbol: "ADAEUR", quantity: 2, held: 1), "sell of 2.0 'ADAEUR' exceeds the 1.0 held"),
        (.journal(path: "state/t.sqlite", message: "disk full"), "trader journal 'state/t.sqlite': disk full"),
        (.negativeCash(iteration: 3, cash: -1), "cash went negative at iteration 3: -1.0"),
        (.signalSource(symbol: "ETHEUR", message: "boom"), "signal source failed for 'ETHEUR': boom"),
    ])
    func descriptionsAreLowercaseAndQuoteNames(_ error: TradingError, _ text: String) {
        #expect(error.description == text)
        #expect(error.description.first?.isLowercase == true && !error.description.hasSuffix("."))
    }
}
