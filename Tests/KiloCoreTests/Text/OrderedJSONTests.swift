import Testing

@testable import KiloCore

@Suite struct OrderedJSONTests {
    func parse(_ text: String) -> Result<OrderedJSON, OrderedJSON.ParseFailure> {
        OrderedJSON.parse(ArraySlice(Array(text.utf8)))
    }

    func reason(_ text: String) -> String? {
        if case .failure(let failure) = parse(text) { return failure.reason }
        return nil
    }

    @Test func containersKeepOrderNestAndMayBeEmpty() throws {
        let value = try parse(#" { "b" : [ ] , "a" : [1, { "k" : { } }, [2,3] ] } "#).get()
        #expect(
            value
                == .object([
                    ("b", .array([])),
                    ("a", .array([.integer(1), .object([("k", .object([]))]), .array([.integer(2), .integer(3)])])),
                ]))
        #expect(try parse("[]").get() == .array([]))
        #expect(try parse("{}").get() == .object([]))
    }

    @Test func aMissingSeparatorNamesTheContainersCloser() {
        #expect(reason(#"{"a":1 "b":2}"#) == "invalid header JSON at byte 7: expected ',' or '}'")
        #expect(reason("[1 2]") == "invalid header JSON at byte 3: expected ',' or ']'")
    }

    @Test func anUnclosedContainerIsAnUnexpectedEnd() {
        #expect(reason(#"{"a":1"#) == "invalid header JSON at byte 6: unexpected end")
        #expect(reason("[1, 2 ") == "invalid header JSON at byte 6: unexpected end")
    }

    @Test func aTrailingCommaInAnObjectWantsAKeyAndDuplicateKeysAreRefused() {
        #expect(reason(#"{"a":1,}"#) == "invalid header JSON at byte 7: expected a key")
        #expect(reason(#"{"a":1,"a":2}"#)?.hasSuffix("duplicate key 'a'") == true)
    }
}
