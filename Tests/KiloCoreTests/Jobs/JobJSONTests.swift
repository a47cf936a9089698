import Foundation
import Testing

@testable import KiloCore

/// A job's JSON values keep integers exact and merge overrides key by key.
@Suite struct JobJSONTests {
    @Test func integersKeepEveryDigitAndNumbersRoundTrip() throws {
        let text = #"{"seed": 9007199254740993, "rate": 0.1, "on": true, "name": "x", "list": [1, null]}"#
        let value = try JSONDecoder().decode(JobJSON.self, from: Data(text.utf8))
        #expect(value["seed"] == .int(9_007_199_254_740_993))
        #expect(value["rate"] == .number(0.1))
        #expect(value["on"] == .bool(true) && value["name"] == .string("x"))
        #expect(value["list"] == .array([.int(1), .null]))
        let again = try JSONDecoder().decode(JobJSON.self, from: JobSpec.encoder.encode(value))
        #expect(again == value)
    }

    @Test func mergingReplacesOnlyTheKeysGiven() {
        let base = JobJSON.object(["a": .int(1), "b": .object(["c": .int(2), "d": .int(3)])])
        let merged = base.merging(.object(["b": .object(["d": .int(4)]), "e": .string("new")]))
        #expect(merged == .object(["a": .int(1), "b": .object(["c": .int(2), "d": .int(4)]), "e": .string("new")]))
        #expect(base.merging(.int(5)) == .int(5), "a non-object replaces")
    }

    @Test func encodingAConfigSectionDecodesBack() throws {
        var section = LightGBMConfig()
        section.numIterations = 17
        let json = try JobJSON(encoding: section)
        #expect(json["num_iterations"] == .int(17))
        #expect(try json.decode(as: LightGBMConfig.self) == section)
    }
}
