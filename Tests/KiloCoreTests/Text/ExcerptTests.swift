import Foundation
import Testing

@testable import KiloCore

@Suite struct ExcerptTests {
    @Test func shortTextIsKeptAndControlCharactersAreEscaped() {
        #expect(Excerpt.of("BTCEUR") == "BTCEUR")
        #expect(Excerpt.of("a\nb\tc\r\n\u{1B}[31m") == "a\\nb\\tc\\r\\n\\u{1B}[31m")
        #expect(Excerpt.of("x\u{202E}y") == "x\\u{202E}y")
        #expect(Excerpt.of("é€😀") == "é€😀")
    }

    @Test func longTextIsCutAtTheLimitWithItsLength() {
        let cell = String(repeating: "9", count: 10_000_000)
        let quoted = Excerpt.of(cell)
        #expect(quoted == String(repeating: "9", count: 80) + "… (10000000 characters)")
        #expect(Excerpt.of(String(repeating: "a", count: 80)) == String(repeating: "a", count: 80))
        #expect(Excerpt.path(String(repeating: "p", count: 500)).hasSuffix("… (500 characters)"))
    }

    @Test func ioReasonNamesAMissingFolderInsteadOfAFoundationDump() throws {
        let path = "/nonexistent-\(UUID().uuidString)/out.svg"
        do {
            try Data("x".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            Issue.record("wrote into a missing folder")
        } catch {
            let reason = IOReason.describe(error, path: path)
            #expect(reason == "folder '\((path as NSString).deletingLastPathComponent)' does not exist")
            #expect(!reason.contains("NSCocoaErrorDomain"))
        }
        do {
            _ = try JSONDecoder().decode([String: Int].self, from: Data(#"{"a": "x"}"#.utf8))
        } catch {
            #expect(IOReason.describe(error, path: "f.json") == "'a' is not a Int")
        }
    }
}
