import Foundation
import KiloTestSupport
import Testing

@testable import KiloShell

/// Runs every `Tests/Transcripts/NAME.kilo` through the shell and compares everything it
/// printed with `NAME.out` (set KILO_UPDATE_TRANSCRIPTS=1 to rewrite the expected files).
@Suite(.serialized) struct TranscriptTests {
    static let folder = "Tests/Transcripts"

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: RepoPaths.path(folder))) ?? []
        return files.filter { $0.hasSuffix(".kilo") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Output with the run-dependent parts masked: durations and file-name time stamps.
    static func normalized(_ text: String) -> String {
        var result = text
        for (pattern, replacement) in [
            (#"[0-9]+\.[0-9] s;"#, "N s;"), (#"20[0-9]{6}_[0-9]{6}"#, "YYYYMMDD_HHMMSS"),
            (#""seconds":[0-9.e-]+"#, #""seconds":N"#), (#"env-steps per second: +[0-9]+"#, "env-steps per second: N"),
            (#"training time: +[0-9.]+ s"#, "training time: N s"), (#"\([0-9]+ steps/s\)"#, "(N steps/s)"),
        ] {
            result = result.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return result
    }

    @Test(arguments: names)
    func transcriptMatches(name: String) throws {
        let sessions = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-transcript-\(name)").path
        try? FileManager.default.removeItem(atPath: sessions)
        let config = "\(Self.folder)/\(name).yaml"
        let harness = try ShellHarness(
            sessionsDirectory: sessions,
            config: FileManager.default.fileExists(atPath: RepoPaths.path(config)) ? config : "config/config.yaml")
        harness.runScript("\(Self.folder)/\(name).kilo")
        let expectedPath = RepoPaths.path("\(Self.folder)/\(name).out")
        let actual = Self.normalized(harness.transcript.replacingOccurrences(of: sessions, with: "$SESSIONS"))
        if ProcessInfo.processInfo.environment["KILO_UPDATE_TRANSCRIPTS"] == "1" {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record(
                "\(name).out differs at line \(first + 1):\n  expected: \(first < e.count ? String(e[first]) : "<end>")\n  actual:   \(first < a.count ? String(a[first]) : "<end>")"
            )
        }
    }
}
