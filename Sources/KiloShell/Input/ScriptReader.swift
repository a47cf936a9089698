import Foundation

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

    /// The lines of the script at `path`.
    /// - Throws: `ShellError.unreadableScript` naming the path.
    public static func lines(of path: String) throws(ShellError) -> [Line] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadableScript(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadableScript(path: path, reason: "is a folder") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableScript(path: path, reason: "permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadableScript(path: path, reason: "not UTF-8 text")
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
