import Foundation
import KiloCore
import KiloTestSupport
import Testing

@testable import KiloShell

/// Runs every `Tests/Transcripts/NAME.kilo` through the shell and compares everything it
/// printed with `NAME.out` (set KILO_UPDATE_TRANSCRIPTS=1 to rewrite the expected files): text and
/// integers exactly, fractional numbers within ``TranscriptComparison``'s stated tolerance, so the
/// transcripts hold on every BLAS kernel.
@Suite(.serialized) struct TranscriptTests {
    static let folder = "Tests/Transcripts"

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: RepoPaths.path(folder))) ?? []
        return files.filter { $0.hasSuffix(".kilo") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Output with the run-dependent parts masked: durations, file-name time stamps and the
    /// machine's BLAS kernel (`set` lists it).
    static func normalized(_ text: String) -> String {
        let blas = BLASReport.current(environment: ProcessInfo.processInfo.environment).summary
        var result = text.replacingOccurrences(of: blas, with: "$BLAS")
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
        let differences = TranscriptComparison.differences(expected: expected, actual: actual)
        if !differences.isEmpty {
            Issue.record("\(name).out \(differences.map(\.description).joined(separator: "\n"))")
        }
    }
}
