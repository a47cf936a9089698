import Testing

@testable import KiloCore

@Suite struct FetchErrorTests {
    @Test func messagesNameTheDatesAndTheSymbol() {
        #expect(
            FetchError.fromInFuture(from: 1_735_689_600_000, lastClosed: 1_735_687_800_000).description
                == "--from 2025-01-01 00:00 is after the last closed bar (2024-12-31 23:30 utc)")
        #expect(FetchError.invalidSymbol("BTC-EUR").description == "'BTC-EUR' is not a symbol (1 to 20 ASCII letters and digits)")
        #expect(FetchError.noSymbols.description == "no symbols to fetch (data.symbols is empty)")
    }
}
