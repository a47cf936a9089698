import Testing

@testable import KiloCore

@Suite struct FeatureErrorTests {
    @Test func descriptionsAreLowercaseAndNameTheFeature() {
        let errors: [FeatureError] = [
            .specMismatch(index: 3, name: "rsi", expected: "a", found: "b"), .specHashMismatch(expected: "a", found: "b"),
            .file(FileFailure(.write, path: "/x", reason: "r")), .file(FileFailure(.read, path: "/x", reason: "r")), .unknownFeature(name: "foo"),
            .emptyTrainingRange(lower: 0, upper: 5), .columnMismatch(expected: 2, found: 3),
        ]
        for error in errors {
            let text = error.description
            #expect(text.first?.isLowercase == true && !text.hasSuffix("."), "\(text)")
        }
        #expect(FeatureError.unknownFeature(name: "foo").description == "unknown feature 'foo'")
        #expect(errors[0].description.contains("feature 'rsi' (column 3)"))
    }
}
