import Testing

@testable import KiloCore

@Suite struct SuggestionsTests {
    @Test func editDistance() {
        #expect(Suggestions.editDistance("load", "load") == 0)
        #expect(Suggestions.editDistance("lod", "load") == 1)
        #expect(Suggestions.editDistance("laod", "load") == 1)
        #expect(Suggestions.editDistance("", "abc") == 3)
    }

    @Test func closestRespectsLimit() {
        #expect(Suggestions.closest(to: "valdate", among: ["validate", "load"]) == "validate")
        #expect(Suggestions.closest(to: "xyz", among: ["validate", "load"]) == nil)
        #expect(Suggestions.closest(to: "BTCEU", among: ["BTCEUR", "ETHEUR"]) == "BTCEUR")
    }
}
