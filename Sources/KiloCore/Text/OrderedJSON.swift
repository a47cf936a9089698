/// An ordered JSON value with a strict parser and a string quoter, shared by the safetensors
/// header and the shell's JSON output: it keeps object key order, rejects duplicate keys (a
/// safetensors rule that Foundation's parser would silently accept) and keeps integers exact.
public enum OrderedJSON: Equatable, Sendable {
    case object([(key: String, value: OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null

    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// Parses `bytes` as one JSON value followed only by whitespace; the error is a reason string.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> Result<OrderedJSON, ParseFailure> {
        var parser = Parser(bytes: Array(bytes))
        do {
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            guard parser.index == parser.bytes.count else { throw parser.failure("trailing bytes") }
            return .success(value)
        } catch let failure as ParseFailure {
            return .failure(failure)
        } catch {
            return .failure(ParseFailure(reason: "\(error)"))
        }
    }

    /// Why a text is not one JSON value.
    public struct ParseFailure: Error {
        /// The reason, naming the byte offset.
        public let reason: String
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        func failure(_ what: String) -> ParseFailure {
            ParseFailure(reason: "invalid header JSON at byte \(index): \(what)")
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws -> OrderedJSON {
            guard depth < 64 else { throw failure("nesting too deep") }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return try number()
            }
        }

        mutating func literal(_ word: String) throws {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count,
                Array(bytes[index..<(index + expected.count)]) == expected
            else { throw failure("expected \(word)") }
            index += expected.count
        }

        mutating func object(depth: Int) throws -> OrderedJSON {
            var members: [(key: String, value: OrderedJSON)] = []
            var seen = Set<String>()
            if opensEmpty(closedBy: "}") { return .object(members) }
            repeat {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw failure("expected a key")
                }
                let key = try string()
                guard seen.insert(key).inserted else { throw failure("duplicate key '\(Excerpt.of(key))'") }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
                index += 1
                members.append((key, try value(depth: depth + 1)))
            } while try continues(closedBy: "}")
            return .object(members)
        }

        mutating func array(depth: Int) throws -> OrderedJSON {
            var elements: [OrderedJSON] = []
            if opensEmpty(closedBy: "]") { return .array(elements) }
            repeat {
                elements.append(try value(depth: depth + 1))
            } while try continues(closedBy: "]")
            return .array(elements)
        }

        /// Steps over a container's opening bracket; `true` (and past `close`) when it is empty.
        mutating func opensEmpty(closedBy close: Unicode.Scalar) -> Bool {
            index += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: close) else { return false }
            index += 1
            return true
        }

        /// After a member or element: `true` past a `,` (another follows), `false` past `close`.
        /// - Throws: at the end of the input or at anything else.
        mutating func continues(closedBy close: Unicode.Scalar) throws -> Bool {
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                return true
            case UInt8(ascii: close):
                index += 1
                return false
            default:
                throw failure("expected ',' or '\(close)'")
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw failure("short \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[index]
                let digit: UInt32
                switch c {
                case 0x30...0x39: digit = UInt32(c - 0x30)
                case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
                default: throw failure("bad \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        mutating func string() throws -> String {
            index += 1
            var out: [UInt8] = []
            while true {
                guard index < bytes.count else { throw failure("unterminated string") }
                let c = bytes[index]
                index += 1
                switch c {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else {
                        throw failure("string is not UTF-8")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { throw failure("unterminated escape") }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                                bytes[index + 1] == UInt8(ascii: "u")
                            else { throw failure("lone surrogate") }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw failure("bad surrogate pair") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw failure("bad code point") }
                        out.append(contentsOf: Array(String(Character(unicode)).utf8))
                    default: throw failure("bad escape")
                    }
                case 0..<0x20: throw failure("control character in string")
                default: out.append(c)
                }
            }
        }

        mutating func number() throws -> OrderedJSON {
            let start = index
            let allowed: Set<UInt8> = Set(Array("+-0123456789.eE".utf8))
            while index < bytes.count, allowed.contains(bytes[index]) { index += 1 }
            guard index > start, let text = String(validating: bytes[start..<index], as: UTF8.self) else {
                throw failure("unexpected character")
            }
            if let integer = Int64(text) { return .integer(integer) }
            if let double = Double(text) { return .number(double) }
            throw failure("bad number '\(text)'")
        }
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        "\"" + escapes.apply(text) + "\""
    }

    /// A quote, a backslash, `\n`, `\r`, `\t` and every other C0 control as `\u00XX`.
    private static let escapes = ScalarEscapes(
        table: ScalarEscapes.lineControls.merging(["\"": "\\\"", "\\": "\\\\"]) { first, _ in first }
    ) { scalar in
        guard scalar.value < 0x20 else { return nil }
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
