import Testing

@testable import KiloCore

@Suite struct ParameterLayoutTests {
    @Test func packsTensorsInOrderWithoutGaps() {
        let layout = ParameterLayout([("a", [2, 3]), ("b", [4]), ("c", [])])
        #expect(layout.count == 11)
        #expect(layout["a"].range == 0..<6)
        #expect(layout["b"].range == 6..<10)
        #expect(layout["c"].offset == 10 && layout["c"].count == 1)
        #expect(layout.entry(named: "missing") == nil)
        #expect(layout.entries.map(\.name) == ["a", "b", "c"])
    }
}
