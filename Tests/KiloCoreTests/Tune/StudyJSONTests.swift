import Foundation
import Testing

@testable import KiloCore

@Suite struct StudyJSONTests {
    @Test func sortedKeysAndNonFiniteNumbersRoundTrip() throws {
        let text = StudyJSON.encode(["b": 1.5, "a": Double.nan, "c": -Double.infinity])
        #expect(text == #"{"a":"NaN","b":1.5,"c":"-inf"}"#)
        let back = try StudyJSON.decode([String: Double].self, from: text)
        #expect(back["a"]?.isNaN == true && back["b"] == 1.5 && back["c"] == -.infinity)
        let parameters: TrialParameters = ["x": .float(0.1), "n": .int(3), "s": .string("huber")]
        #expect(try StudyJSON.decode(TrialParameters.self, from: StudyJSON.encode(parameters)) == parameters)
    }
}
