import Foundation
import KiloCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `kill -9` of the crash tests: a running trader child process is SIGKILLed (or sent another
/// signal) once its journal holds enough iterations.
public enum KillChild {
    /// Polls the journal at `path` (read-only, beside the child's writes) until it holds
    /// `iterations` iterations, the child ends, or `timeout` passes; then sends the child `signal`
    /// (SIGKILL unless told otherwise) and waits for it.
    /// - Returns: whether the child was still running when it was signalled (it must have been, or
    ///   the test proves nothing).
    public static func whenJournal(
        _ child: Process, atPath path: String, reaches iterations: Int, timeout: TimeInterval = 120,
        signal: Int32 = SIGKILL
    ) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var seen = 0
        while child.isRunning, Date() < deadline, seen < iterations {
            if FileManager.default.fileExists(atPath: path) {
                seen = (try? TradingJournal.iterationCount(atPath: path)) ?? seen
            }
            usleep(2_000)
        }
        let wasRunning = child.isRunning
        kill(child.processIdentifier, signal)
        child.waitUntilExit()
        return wasRunning
    }
}
