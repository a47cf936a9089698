import Foundation
import KiloCore

/// Reads session scripts: one command line per line, `#` comments, blank lines ignored.
public enum ScriptReader {
    /// One line of a script with its 1-based number.
    public struct Line: Sendable, Equatable {
        /// The text without its line ending.
        public var text: String
        /// The 1-based line number.
        public var number: Int

        /// Whether the line has no command (blank or a comment only).
        public var isBlankOrComment: Bool {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty || trimmed.hasPrefix("#")
        }
    }

    /// The largest script read: 16 MiB.
    public static let maxBytes = 16 << 20

    /// The lines of the script at `path`, a regular file of at most `maxBytes` (a FIFO or a
    /// device is refused, never read).
    /// - Throws: `ShellError.file` naming the path.
    public static func lines(of path: String) throws(ShellError) -> [Line] {
        func unreadable(_ reason: String) -> ShellError { .file(FileFailure(.read, "script", path: path, reason: reason)) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw unreadable("no such file")
        }
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.read(path, limit: maxBytes)
        } catch {
            switch error {
            case .unreadable(let reason): throw unreadable(reason)
            case .notRegular(let kind): throw unreadable("it is \(kind), not a regular file")
            case .tooLarge(let size, let limit):
                throw unreadable("it is \(size) bytes; a script holds at most \(limit)")
            case .cancelled: throw unreadable("interrupted")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw unreadable("not UTF-8 text")
        }
        return lines(ofText: text)
    }

    /// The lines of script text.
    public static func lines(ofText text: String) -> [Line] {
        var result: [Line] = []
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            result.append(Line(text: line, number: number))
        }
        if result.last?.text.isEmpty == true { result.removeLast() }
        return result
    }
}
