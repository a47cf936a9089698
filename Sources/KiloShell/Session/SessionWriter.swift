import Foundation
import KiloCore

/// Writes `save session` scripts and resolves `replay` arguments.
public enum SessionWriter {
    /// Writes the session's recorded commands to `<sessions>/NAME.kilo`.
    /// - Returns: The path written.
    /// - Throws: `ShellError` for a bad name or an existing file without `force`.
    public static func write(context: ShellContext, name: String, force: Bool) throws -> String {
        let base = name.hasSuffix(".kilo") ? String(name.dropLast(5)) : name
        guard !base.isEmpty, base.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }),
            !base.hasPrefix(".")
        else { throw ShellError.invalidSessionName(name) }
        let folder = context.engine.config.paths.sessions
        let path = PathText.join(folder, base + ".kilo")
        if FileManager.default.fileExists(atPath: path) && !force { throw ShellError.sessionExists(path: path) }
        try OutputFile.createFolder(folder)
        try OutputFile.write(render(context: context, name: base), to: path)
        return path
    }

    /// The script text: header comments, the initial seed, then the recorded commands.
    public static func render(context: ShellContext, name: String) -> String {
        let engine = context.engine
        var lines = [
            "# kilo session '\(name)'",
            "# kilo version: \(Kilo.version)",
            "# date: \(UTCTime.iso(Int64(Date().timeIntervalSince1970 * 1000)))",
            "# config: \(engine.configInfo.path ?? "(defaults)") sha256=\(engine.configInfo.sha256)",
        ]
        for fingerprint in engine.dataFingerprints() {
            lines.append("# data: \(fingerprint.symbol) \(fingerprint.path) sha256=\(fingerprint.sha256)")
        }
        lines.append("# seed: \(context.initialSeed.map { String($0) } ?? "config")")
        if let seed = context.initialSeed, !(context.recorded.first?.hasPrefix("set seed ") ?? false) {
            lines.append("set seed \(seed)")
        }
        lines += context.recorded
        return lines.joined(separator: "\n") + "\n"
    }

    /// The script path for a `replay` argument: an existing path as given (relative to the
    /// replaying script's folder inside a script), else `<sessions>/NAME.kilo`.
    public static func resolve(_ argument: String, context: ShellContext) -> String {
        var candidates: [String] = []
        if let current = context.scriptStack.last, !argument.hasPrefix("/") {
            candidates.append(PathText.join(PathText.folder(of: current), argument))
        }
        candidates.append(argument)
        let sessions = context.engine.config.paths.sessions
        let named = argument.hasSuffix(".kilo") ? argument : argument + ".kilo"
        candidates.append(PathText.join(sessions, named))
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? argument
    }
}
