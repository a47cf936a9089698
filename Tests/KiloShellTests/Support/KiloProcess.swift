import Foundation
import KiloTestSupport

/// Runs the built `kilo` executable (next to the test bundle) as a real process.
struct KiloProcess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `kilo` binary built alongside the tests.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kilo")
    }

    /// Runs `kilo` with `arguments` in the repository root, feeding `input` on standard input;
    /// a run still going after `timeout` seconds is killed (SIGKILL, status 9 by signal).
    static func run(
        _ arguments: [String], input: String = "", environment: [String: String] = [:], timeout: TimeInterval = 600
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = RepoPaths.root
        var env = ProcessInfo.processInfo.environment
        env["KILO_HISTORY"] = "/dev/null"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
            standardError: String(decoding: err, as: UTF8.self))
    }
}

/// The first line of `text` (a process's first error line, which the hostile-input tests pin).
func firstLine(_ text: String) -> String { String(text.split(separator: "\n").first ?? "") }
