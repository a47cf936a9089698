/// What reading one line produced.
public enum LineReadResult: Sendable, Equatable {
    /// A line of input (without its newline).
    case line(String)
    /// Ctrl-C at the prompt: the line was cleared.
    case interrupted
    /// End of input (Ctrl-D, end of a pipe).
    case endOfInput
}

/// A source of command lines: libedit at a terminal, plain reading otherwise.
public protocol LineReader: AnyObject {
    /// Reads one line, showing `prompt` where there is a terminal.
    func readLine(prompt: String) -> LineReadResult
    /// Remembers a line in the history (and its file).
    func remember(_ line: String)
}

/// Reads lines from standard input without prompt or history (pipes, files).
public final class PlainLineReader: LineReader {
    /// Creates a reader over standard input.
    public init() {}

    public func readLine(prompt: String) -> LineReadResult {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }

    public func remember(_ line: String) {}
}
