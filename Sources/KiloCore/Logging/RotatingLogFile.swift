import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `open(2)` for appending, under a name the class's own methods do not shadow.
private func openForAppending(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
}

/// `write(2)`, under a name the class's own methods do not shadow.
private func writeBytes(_ descriptor: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, base, count)
}

/// `{directory}/kilo.log` with size-based rotation, shared by every `RotatingFileLogHandler`
/// writing to it.
///
/// Before a line would take `kilo.log` past `maxBytes` the files shift up —
/// `kilo.log.{maxFiles-2}` → `kilo.log.{maxFiles-1}` (the oldest is removed), …, `kilo.log` →
/// `kilo.log.1` — and a new `kilo.log` starts. A line longer than `maxBytes` is cut to fit.
/// Writes are serialised by a mutex. An I/O failure never throws or traps: the line is dropped
/// and counted in `droppedLines`, and the next line tries to reopen the file.
public final class RotatingLogFile: Sendable {
    /// The folder (created on first write when missing).
    public let directory: String
    /// The size limit of one file, in bytes.
    public let maxBytes: Int
    /// Files kept, the current one included.
    public let maxFiles: Int

    private struct State {
        var descriptor: Int32 = -1
        var size = 0
        var written = 0
        var dropped = 0
    }

    private let state = Mutex(State())

    /// The name of the current file.
    public static let fileName = "kilo.log"

    /// A file in `directory`; nothing is opened until the first write.
    /// - Precondition: `maxBytes ≥ 64`, `maxFiles ≥ 1`.
    public init(directory: String, maxBytes: Int, maxFiles: Int) {
        precondition(maxBytes >= 64, "RotatingLogFile.init: maxBytes \(maxBytes) is below 64")
        precondition(maxFiles >= 1, "RotatingLogFile.init: maxFiles \(maxFiles) is below 1")
        self.directory = directory
        self.maxBytes = maxBytes
        self.maxFiles = maxFiles
    }

    deinit {
        state.withLock { state in
            if state.descriptor >= 0 { close(state.descriptor) }
            state.descriptor = -1
        }
    }

    /// The current file's path.
    public var path: String { PathText.join(directory, Self.fileName) }

    /// The path of rotated copy `index` (1 is the newest).
    public func rotatedPath(_ index: Int) -> String { path + ".\(index)" }

    /// Lines written so far.
    public var writtenLines: Int { state.withLock { $0.written } }

    /// Lines dropped because of I/O failures.
    public var droppedLines: Int { state.withLock { $0.dropped } }

    /// Appends `line` (which should end in a newline), rotating first when needed.
    public func write(_ line: String) {
        let bytes = Array(fitted(line).utf8)
        state.withLock { state in
            if state.descriptor < 0, !openFile(&state) {
                state.dropped += 1
                return
            }
            if state.size > 0, state.size + bytes.count > maxBytes {
                rotate(&state)
                if state.descriptor < 0, !openFile(&state) {
                    state.dropped += 1
                    return
                }
            }
            if writeAll(bytes, to: state.descriptor) {
                state.size += bytes.count
                state.written += 1
            } else {
                state.dropped += 1
                close(state.descriptor)
                state.descriptor = -1
            }
        }
    }

    /// `line` cut to at most `maxBytes` UTF-8 bytes (whole characters), still ending in `\n`.
    private func fitted(_ line: String) -> String {
        guard line.utf8.count > maxBytes else { return line }
        let marker = "…\n"
        let budget = maxBytes - marker.utf8.count
        var used = 0
        var cut = ""
        for character in line {
            let size = character.utf8.count
            if used + size > budget { break }
            cut.append(character)
            used += size
        }
        return cut + marker
    }

    private func openFile(_ state: inout State) -> Bool {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true)
        } catch {
            return false
        }
        let descriptor = openForAppending(path)
        guard descriptor >= 0 else { return false }
        let end = lseek(descriptor, 0, SEEK_END)
        state.descriptor = descriptor
        state.size = end >= 0 ? Int(end) : 0
        return true
    }

    /// Closes the current file and shifts the copies up; the next write opens a new file.
    private func rotate(_ state: inout State) {
        if state.descriptor >= 0 { close(state.descriptor) }
        state.descriptor = -1
        state.size = 0
        if maxFiles == 1 {
            unlink(path)
            return
        }
        unlink(rotatedPath(maxFiles - 1))
        if maxFiles >= 3 {
            for index in stride(from: maxFiles - 2, through: 1, by: -1) {
                rename(rotatedPath(index), rotatedPath(index + 1))
            }
        }
        rename(path, rotatedPath(1))
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                guard let base = buffer.baseAddress else { return false }
                let n = writeBytes(descriptor, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }
}
