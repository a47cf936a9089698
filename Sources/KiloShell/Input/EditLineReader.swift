import CLibEdit
import Foundation
import KiloCore
import Synchronization

/// The process-wide Ctrl-C state: the SIGINT handler cancels the running command through
/// `token` and counts interrupts so the prompt can tell Ctrl-C from Ctrl-D.
public enum Interrupts {
    /// Cancelled by SIGINT; the interactive shell's commands poll it.
    public static let token = CancellationToken()
    private static let count = Atomic<Int>(0)

    /// How many SIGINTs arrived so far.
    public static var received: Int { count.load(ordering: .relaxed) }

    /// Installs the SIGINT handler (no SA_RESTART, so a read at the prompt is interrupted).
    public static func install() {
        _ = kilo_install_sigint { _ in
            Interrupts.count.add(1, ordering: .relaxed)
            Interrupts.token.cancel()
        }
    }

    /// Also cancels `token` on SIGTERM (for `kilo trade`, which then stops after the iteration in
    /// progress).
    public static func installTermination() {
        _ = kilo_install_sigterm { _ in
            Interrupts.count.add(1, ordering: .relaxed)
            Interrupts.token.cancel()
        }
    }
}

/// libedit line editing with persistent history, Ctrl-R search and Tab completion.
///
/// The only type that touches libedit. Completion asks the pure `Completer` through
/// `CompletionBridge`, because libedit takes a C function pointer that can capture nothing.
public final class EditLineReader: LineReader {
    private let historyPath: String?

    /// Creates a reader; history is read from and appended to `historyPath`.
    public init(historyPath: String?, sources: @escaping @Sendable () -> CompletionSources) {
        self.historyPath = historyPath
        CompletionBridge.shared.setSources(sources)
        kilo_rl_set_readline_name("kilo")
        kilo_rl_set_catch_signals(0)
        kilo_rl_set_word_break_characters(CompletionBridge.wordBreaks)
        kilo_rl_set_completion_function(completeLine)
        using_history()
        kilo_rl_set_history_max(5000)
        if let historyPath { _ = read_history(historyPath) }
    }

    public func readLine(prompt: String) -> LineReadResult {
        let before = Interrupts.received
        guard let raw = readline(prompt) else {
            if Interrupts.received != before {
                Interrupts.token.reset()
                FileHandle.standardOutput.write(Data("\n".utf8))
                return .interrupted
            }
            return .endOfInput
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    public func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        _ = add_history(trimmed)
        if let historyPath { _ = write_history(historyPath) }
    }

    /// The history file: `KILO_HISTORY`, else `~/.kilo_history`.
    public static func historyPath(environment: [String: String]) -> String? {
        if let path = environment["KILO_HISTORY"], !path.isEmpty { return path }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return PathText.join(home, ".kilo_history")
    }
}

/// Holds the completion sources for the C completion callback.
final class CompletionBridge: @unchecked Sendable {
    static let shared = CompletionBridge()
    /// Word-break characters (white space, `;` and quotes); owned for the process lifetime.
    nonisolated(unsafe) static let wordBreaks: UnsafeMutablePointer<CChar>? = strdup(" \t\n;\"'")

    private let lock = NSLock()
    private var sources: (@Sendable () -> CompletionSources)?

    func setSources(_ sources: @escaping @Sendable () -> CompletionSources) {
        lock.lock()
        self.sources = sources
        lock.unlock()
    }

    func candidates(for line: String) -> [String] {
        lock.lock()
        let make = sources
        lock.unlock()
        guard let make else { return [] }
        return Completer.complete(line, sources: make())
    }
}

/// libedit's attempted-completion callback: completes the word under the cursor from the
/// text left of it.
private func completeLine(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    kilo_rl_set_attempted_completion_over(1)
    guard let buffer = kilo_rl_line_buffer() else { return nil }
    let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: strlen(buffer)))
    let left = String(decoding: bytes.prefix(Int(end)), as: UTF8.self)
    let candidates = CompletionBridge.shared.candidates(for: left)
    guard !candidates.isEmpty else { return nil }
    var common = candidates[0]
    for candidate in candidates.dropFirst() {
        common = String(zip(common, candidate).prefix { $0 == $1 }.map(\.0))
    }
    kilo_rl_set_completion_append_character(candidates.count == 1 && !common.hasSuffix("/") ? 32 : 0)
    let entries = candidates.count == 1 ? [common] : [common] + candidates
    guard let array = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1))?
        .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
    else { return nil }
    for (index, entry) in entries.enumerated() { array[index] = strdup(entry) }
    array[entries.count] = nil
    return array
}
