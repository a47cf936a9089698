import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one-writer lock of a trader journal: `<journal>.lock` beside it, holding the owner's PID,
/// locked with `flock(2)`.
///
/// The kernel drops a flock when its process ends, however it ends (SIGKILL too), so a PID left
/// in the file by a dead trader never blocks the next one: only a held lock refuses. The lock
/// file is never deleted (deleting a flock file lets two processes lock two different inodes).
/// Two locks on one journal conflict within one process too (each opens its own descriptor).
final class JournalLock {
    /// The lock file.
    let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// The lock file of the journal at `journal`.
    static func path(of journal: String) -> String { journal + ".lock" }

    /// Takes the lock of the journal at `journal` without waiting and writes this PID into it.
    /// - Throws: `TradingError.journalInUse` with the owner's PID when another descriptor holds
    ///   it, `.journal` when the lock file cannot be opened.
    static func acquire(journal: String) throws(TradingError) -> JournalLock {
        let path = Self.path(of: journal)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .journal(path: journal, message: "cannot open its lock file '\(path)': \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            let owner = readPID(fd)
            close(fd)
            if code == EWOULDBLOCK || code == EAGAIN { throw .journalInUse(path: journal, pid: owner) }
            throw .journal(path: journal, message: "cannot lock '\(path)': \(String(cString: strerror(code)))")
        }
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return JournalLock(path: path, descriptor: fd)
    }

    /// The PID written in the lock file, if any.
    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Drops the lock (the file stays, with the old PID, which blocks no one).
    func release() {
        guard descriptor >= 0 else { return }
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
