import Foundation

/// Compares a transcript with its expected text so that it holds on every BLAS kernel and CPU.
///
/// Same seed, same bits holds per OpenBLAS kernel, not across kernels: a generic `Prescott`
/// kernel and an AVX-512 one sum in another order and differ in the last bits of a float, which
/// can move the last printed digit of a loss or a prediction. So a transcript line is split into
/// text and numbers, and:
/// - the text between numbers must be equal, except that a run of white space may be longer or
///   shorter and a table rule's dash runs may be wider or narrower (a column is as wide as its widest
///   number, and `0.00162299` may print as `0.001623`); both lines must have the same tokens;
/// - an integer (no `.` and no exponent: counts, dates, times, epochs, iterations) must be equal;
/// - a fractional number may differ by at most ``relativeTolerance`` of its magnitude, or by one
///   unit in its last printed digit, whichever is larger (a value rounded for printing can move
///   by one unit when its last bits move).
///
/// Anything larger — another trade, another count, another branch taken — still fails.
struct TranscriptComparison {
    /// Largest relative difference of two fractional numbers that still counts as equal.
    static let relativeTolerance = 1e-5

    /// A difference between two transcripts: the first line where they disagree.
    struct Difference: CustomStringConvertible {
        var line: Int
        var expected: String
        var actual: String
        var reason: String
        var description: String {
            "differs at line \(line) (\(reason)):\n  expected: \(expected)\n  actual:   \(actual)"
        }
    }

    /// The lines at which `actual` departs from `expected` under the rules above, in order, at
    /// most `limit` of them (none when they agree). O(total length).
    static func differences(expected: String, actual: String, limit: Int = 5) -> [Difference] {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var found: [Difference] = []
        for index in 0..<max(e.count, a.count) where found.count < limit {
            let expectedLine = index < e.count ? String(e[index]) : "<end>"
            let actualLine = index < a.count ? String(a[index]) : "<end>"
            if let reason = lineDifference(expected: expectedLine, actual: actualLine) {
                found.append(Difference(line: index + 1, expected: expectedLine, actual: actualLine, reason: reason))
            }
        }
        return found
    }

    /// Why two lines differ, or nil when they agree.
    static func lineDifference(expected: String, actual: String) -> String? {
        if expected == actual { return nil }
        let e = tokens(layoutFree(expected))
        let a = tokens(layoutFree(actual))
        guard e.count == a.count else { return "text differs" }
        for (x, y) in zip(e, a) {
            switch (x, y) {
            case (.text(let s), .text(let t)):
                if s != t { return "text differs" }
            case (.number(let s), .number(let t)):
                if let reason = numberDifference(expected: s, actual: t) { return reason }
            default:
                return "text differs"
            }
        }
        return nil
    }

    /// `line` with each run of white space as one space and, on a table rule (dashes and spaces
    /// only), each run of dashes as one dash.
    private static func layoutFree(_ line: String) -> String {
        let isRule = line.contains("-") && line.allSatisfy { $0 == "-" || $0 == " " }
        var result = ""
        var previous: Character?
        for character in line {
            let folded: Character = character.isWhitespace ? " " : character
            if folded == previous && (folded == " " || (isRule && folded == "-")) { continue }
            result.append(folded)
            previous = folded
        }
        return result
    }

    private enum Token: Equatable {
        case text(Substring)
        case number(Substring)
    }

    // An optional sign, digits with an optional fraction (or a bare fraction), an optional exponent.
    // A sign counts only where it cannot be a separator, so `2024-09-07` is 2024, -09, -07, all integers.
    private static let numberPattern = try? NSRegularExpression(
        pattern: #"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?"#)

    private static func tokens(_ line: String) -> [Token] {
        guard let pattern = numberPattern else { return [.text(Substring(line))] }
        var result: [Token] = []
        var last = line.startIndex
        for match in pattern.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
            guard let range = Range(match.range, in: line) else { continue }
            if last < range.lowerBound { result.append(.text(line[last..<range.lowerBound])) }
            result.append(.number(line[range]))
            last = range.upperBound
        }
        if last < line.endIndex { result.append(.text(line[last...])) }
        return result
    }

    private static func isFractional(_ s: Substring) -> Bool { s.contains { $0 == "." || $0 == "e" || $0 == "E" } }

    /// One unit in the last printed digit of `s` (for `0.0222522`, 1e-7; for `1.5e-3`, 1e-4).
    static func unitInLastPlace(_ s: Substring) -> Double {
        var mantissa = s
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = s[..<e]
            exponent = Int(s[s.index(after: e)...]) ?? 0
        }
        let decimals = mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
        return pow(10, Double(exponent - decimals))
    }

    private static func numberDifference(expected: Substring, actual: Substring) -> String? {
        if expected == actual { return nil }
        guard isFractional(expected), isFractional(actual) else { return "integer \(expected) is \(actual)" }
        guard let x = Double(expected), let y = Double(actual) else { return "text differs" }
        let unit = max(unitInLastPlace(expected), unitInLastPlace(actual))
        let allowed = max(relativeTolerance * max(abs(x), abs(y)), unit * (1 + 1e-9))
        return abs(x - y) <= allowed ? nil : "\(expected) is \(actual), beyond the tolerance \(allowed)"
    }
}
