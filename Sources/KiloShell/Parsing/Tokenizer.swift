import Foundation

/// One word of a command line, with where it starts (for completion and error carets).
public struct Token: Sendable, Equatable {
    /// The word after quote removal and escapes.
    public var text: String
    /// Offset of the word's first character in the line (in characters).
    public var offset: Int
    /// Whether any part of the word was quoted (quoted words are never options).
    public var isQuoted = false
}

/// A tokenizer failure, with the column it happened at.
public enum TokenizerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A quote was opened and never closed.
    case unterminatedQuote(Character, offset: Int)
    /// A backslash ended the line.
    case danglingEscape(offset: Int)

    public var description: String {
        switch self {
        case .unterminatedQuote(let quote, let offset):
            return "unterminated \(quote) quote starting at column \(offset + 1)"
        case .danglingEscape(let offset):
            return "backslash at the end of the line (column \(offset + 1))"
        }
    }
}

/// Splits a shell line into commands (separated by `;`) and each command into words.
///
/// Words are separated by white space; single quotes keep everything literally, double quotes
/// allow `\"` and `\\`; outside quotes a backslash escapes the next character. A `#` at the start
/// of a word begins a comment that runs to the end of the line. `;` outside quotes ends a command.
public enum Tokenizer {
    /// The commands of `line`, each as its words; empty commands are dropped.
    /// - Complexity: O(n) in the length of the line.
    public static func commands(in line: String) throws(TokenizerError) -> [[Token]] {
        try scan(line, allowUnterminated: false).commands.filter { !$0.isEmpty }
    }

    /// The words of the last command of `line`, and whether the line ends inside a word, for
    /// completion: an unterminated quote is tolerated.
    public static func partialCommand(in line: String) -> (tokens: [Token], endsInWord: Bool) {
        let result = (try? scan(line, allowUnterminated: true)) ?? Scan(commands: [[]], endsInWord: false)
        return (result.commands.last ?? [], result.endsInWord)
    }

    /// `word` as one single-quoted word that tokenizes back to `word` (a `'` inside closes the
    /// quote, is escaped and reopens it: POSIX shell quoting, which Python's `shlex` also reads).
    /// - Complexity: O(n).
    public static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `word` unchanged when it tokenizes to itself, else `quoted(word)`.
    /// - Complexity: O(n).
    public static func quotedIfNeeded(_ word: String) -> String {
        let special: Set<Character> = [" ", "\t", "'", "\"", ";", "#", "\\"]
        return word.isEmpty || word.contains(where: special.contains) ? quoted(word) : word
    }

    private struct Scan {
        var commands: [[Token]]
        var endsInWord: Bool
    }

    private static func scan(_ line: String, allowUnterminated: Bool) throws(TokenizerError) -> Scan {
        var commands: [[Token]] = [[]]
        var word = ""
        var wordStart: Int? = nil
        var quoted = false
        var quote: Character? = nil
        var quoteStart = 0
        var escaping = false
        var escapeStart = 0

        func finishWord() {
            if let start = wordStart {
                commands[commands.count - 1].append(Token(text: word, offset: start, isQuoted: quoted))
            }
            word = ""
            wordStart = nil
            quoted = false
        }

        var index = 0
        var inComment = false
        for ch in line {
            defer { index += 1 }
            if inComment { continue }
            if escaping {
                word.append(ch)
                escaping = false
                continue
            }
            if let q = quote {
                if ch == q {
                    quote = nil
                } else if ch == "\\" && q == "\"" {
                    escaping = true
                    escapeStart = index
                } else {
                    word.append(ch)
                }
                continue
            }
            switch ch {
            case "\\":
                if wordStart == nil { wordStart = index }
                escaping = true
                escapeStart = index
            case "'", "\"":
                if wordStart == nil { wordStart = index }
                quote = ch
                quoteStart = index
                quoted = true
            case ";":
                finishWord()
                commands.append([])
            case "#" where wordStart == nil:
                inComment = true
            case " ", "\t", "\n", "\r":
                finishWord()
            default:
                if wordStart == nil { wordStart = index }
                word.append(ch)
            }
        }
        if escaping && !allowUnterminated { throw .danglingEscape(offset: escapeStart) }
        if let q = quote, !allowUnterminated { throw .unterminatedQuote(q, offset: quoteStart) }
        let endsInWord = wordStart != nil && !inComment
        finishWord()
        return Scan(commands: commands, endsInWord: endsInWord)
    }
}

extension Tokenizer {
    /// The text of each `;`-separated command of `line` (quotes and escapes respected,
    /// comments removed, blank commands dropped), for numbering `-c` commands.
    public static func commandTexts(in line: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quote: Character? = nil
        var escaping = false
        var atWordStart = true
        for ch in line {
            if escaping {
                current.append(ch)
                escaping = false
                continue
            }
            if let q = quote {
                current.append(ch)
                if ch == q { quote = nil } else if ch == "\\" && q == "\"" { escaping = true }
                continue
            }
            if ch == "#" && atWordStart { break }
            switch ch {
            case "\\": escaping = true; current.append(ch)
            case "'", "\"": quote = ch; current.append(ch)
            case ";":
                pieces.append(current)
                current = ""
            default: current.append(ch)
            }
            atWordStart = ch == " " || ch == "\t" || ch == ";"
        }
        pieces.append(current)
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
