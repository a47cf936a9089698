import Testing

@testable import KiloCore

@Suite struct LiveFeedErrorTests {
    @Test func descriptionsNameTheSymbolInLowerCase() {
        let url = "http://h/api/v3/klines?symbol=ETHEUR"
        let cases: [(LiveFeedError, String)] = [
            (
                .network(symbol: "ETHEUR", url: url, reason: "timed out", attempts: 4),
                "symbol 'ETHEUR': no response from '\(url)' after 4 attempts: timed out"
            ),
            (
                .httpStatus(symbol: "ETHEUR", url: url, status: 400, message: "Invalid symbol. (code -1121)", attempts: 1),
                "symbol 'ETHEUR': http 400 from '\(url)' after 1 attempt: Invalid symbol. (code -1121)"
            ),
            (
                .httpStatus(symbol: "ETHEUR", url: url, status: 503, message: "", attempts: 2),
                "symbol 'ETHEUR': http 503 from '\(url)' after 2 attempts"
            ),
            (
                .rateLimited(symbol: "ETHEUR", url: url, untilMilliseconds: 1_724_410_800_000),
                "symbol 'ETHEUR': rate limited by '\(url)' until 2024-08-23 11:00 utc"
            ),
            (
                .rejected(symbol: "ETHEUR", url: url, reason: "row 2: open time 5 repeats 5"),
                "symbol 'ETHEUR': response from '\(url)' rejected: row 2: open time 5 repeats 5"
            ),
            (.cancelled(symbol: "ETHEUR"), "symbol 'ETHEUR': fetch cancelled"),
            (
                .store(symbol: "ETHEUR", path: "m/ETHEUR_30m.sqlite", reason: "disk full"),
                "symbol 'ETHEUR': market store 'm/ETHEUR_30m.sqlite': disk full"
            ),
        ]
        for (error, text) in cases {
            #expect(error.description == text)
            #expect(error.symbol == "ETHEUR")
            #expect(!text.hasSuffix("."), "no trailing period: \(text)")
            #expect(text.first?.isLowercase == true)
        }
    }
}
