import Foundation
import KiloCore

/// Files the shell writes for the user (`plot equity`, `save session`): a failure says which path
/// and why (`folder '/x' does not exist`, `permission denied`), never Foundation's error dump.
enum OutputFile {
    /// Writes `text` to `path` atomically.
    /// - Throws: `ShellError.file` naming the path and the reason.
    static func write(_ text: String, to path: String) throws(ShellError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .file(FileFailure(.write, path: path, error: error))
        }
    }

    /// Creates `folder` and its parents when missing.
    /// - Throws: `ShellError.file` naming the folder and the reason.
    static func createFolder(_ folder: String) throws(ShellError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .file(FileFailure(.write, path: folder, error: error))
        }
    }
}
