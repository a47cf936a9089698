import Foundation

/// Parses a Binance `GET /api/v3/klines` response strictly and keeps only closed candles.
///
/// The body must be a JSON array of rows, each an array
/// `[openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades,
/// "takerBase", "takerQuote", "ignore"]` (fields after the eleventh are ignored). Times and the
/// trade count are JSON integers; the decimals may be strings (as Binance sends them) or numbers and
/// must be finite. Every open time lies on the interval's grid, every close time is
/// `openTime + interval − 1`, and open times strictly increase. Any violation rejects the whole
/// response with a reason naming the row (1-based) and field. Decimals parse exactly like
/// `Double(String)` (`DecimalParser`).
public enum KlineParser {
    /// Why a response was refused.
    public struct Rejection: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong, for example `row 3: close time 1700001799998 is not open time + 30m − 1`.
        public var reason: String
        public var description: String { reason }
    }

    /// The closed klines of `body`, oldest first.
    ///
    /// - Parameters:
    ///   - body: the response body.
    ///   - interval: the interval asked for.
    ///   - now: the current time, epoch milliseconds; a kline whose close time is at or after it is
    ///     still forming and is dropped.
    /// - Throws: `Rejection` for anything malformed.
    /// - Complexity: O(body size).
    public static func closedKlines(in body: Data, interval: BarInterval, now: Int64) throws(Rejection)
        -> [Kline]
    {
        try klines(in: body, interval: interval).filter { $0.closeTime < now }
    }

    /// Every kline of `body`, the still-forming one included, checked as `closedKlines` checks
    /// them.
    /// - Throws: `Rejection` for anything malformed.
    /// - Complexity: O(body size).
    public static func klines(in body: Data, interval: BarInterval) throws(Rejection) -> [Kline] {
        let rows: [[JSONRowScanner.Scalar]]
        do {
            rows = try body.withUnsafeBytes { raw in
                var scanner = JSONRowScanner(bytes: raw.bindMemory(to: UInt8.self))
                return try scanner.rows()
            }
        } catch let rejection as Rejection {
            throw rejection
        } catch {
            throw Rejection(reason: "\(error)")
        }
        let step = interval.milliseconds
        var klines: [Kline] = []
        klines.reserveCapacity(rows.count)
        for (offset, row) in rows.enumerated() {
            let kline = try kline(from: row, number: offset + 1)
            let rowName = "row \(offset + 1)"
            guard kline.openTime >= 0, kline.openTime % step == 0 else {
                throw Rejection(
                    reason: "\(rowName): open time \(kline.openTime) is not on the \(interval) grid")
            }
            guard kline.closeTime == kline.openTime + step - 1 else {
                throw Rejection(
                    reason: "\(rowName): close time \(kline.closeTime) is not open time "
                        + "\(kline.openTime) + \(interval) − 1 ms")
            }
            if let previous = klines.last?.openTime, kline.openTime <= previous {
                let what = kline.openTime == previous ? "repeats" : "goes back from"
                throw Rejection(
                    reason: "\(rowName): open time \(kline.openTime) \(what) \(previous)")
            }
            klines.append(kline)
        }
        return klines
    }

    private static let fieldNames = [
        "open time", "open", "high", "low", "close", "volume", "close time", "quote volume",
        "trades", "taker buy base", "taker buy quote",
    ]

    private static func kline(from row: [JSONRowScanner.Scalar], number: Int) throws(Rejection)
        -> Kline
    {
        guard row.count >= fieldNames.count else {
            throw Rejection(
                reason: "row \(number) has \(row.count) fields, expected at least \(fieldNames.count)")
        }
        func integer(_ index: Int) throws(Rejection) -> Int64 {
            guard case .number(let text) = row[index], let value = Int64(text) else {
                throw Rejection(
                    reason: "row \(number): \(fieldNames[index]) \(row[index]) is not an integer")
            }
            return value
        }
        func decimal(_ index: Int) throws(Rejection) -> Double {
            let text: String
            switch row[index] {
            case .number(let t), .string(let t): text = t
            case .literal: text = ""
            }
            let allowed = text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x2D || byte == 0x2B
                    || byte == 0x65 || byte == 0x45
            }
            guard !text.isEmpty, allowed, let value = DecimalParser.parse(text), value.isFinite else {
                throw Rejection(
                    reason: "row \(number): \(fieldNames[index]) \(row[index]) is not a finite number")
            }
            return value
        }
        return Kline(
            openTime: try integer(0), open: try decimal(1), high: try decimal(2), low: try decimal(3),
            close: try decimal(4), volume: try decimal(5), closeTime: try integer(6),
            quoteVolume: try decimal(7), trades: try integer(8), takerBuyBase: try decimal(9),
            takerBuyQuote: try decimal(10))
    }
}

/// A scanner for exactly one JSON shape: an array of arrays of scalars.
struct JSONRowScanner {
    /// One array element: a number's text, a string's contents, or a literal/other value.
    enum Scalar: CustomStringConvertible {
        case number(String)
        case string(String)
        case literal(String)

        var description: String {
            switch self {
            case .number(let text), .literal(let text): "'\(text)'"
            case .string(let text): "'\"\(text)\"'"
            }
        }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    typealias Rejection = KlineParser.Rejection

    /// The rows of the whole body; trailing content after the outer array is refused.
    mutating func rows() throws(Rejection) -> [[Scalar]] {
        try expect(UInt8(ascii: "["), "the body is not a JSON array")
        var rows: [[Scalar]] = []
        skipBlanks()
        if peek() == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                skipBlanks()
                try expect(UInt8(ascii: "["), "row \(rows.count + 1) is not an array")
                rows.append(try row(number: rows.count + 1))
                skipBlanks()
                if peek() == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "expected ',' or ']' after row \(rows.count)")
                break
            }
        }
        skipBlanks()
        guard position == bytes.count else {
            throw Rejection(reason: "malformed json: unexpected content at byte \(position)")
        }
        return rows
    }

    private mutating func row(number: Int) throws(Rejection) -> [Scalar] {
        var fields: [Scalar] = []
        skipBlanks()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return fields
        }
        while true {
            skipBlanks()
            fields.append(try scalar(row: number))
            skipBlanks()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(
                UInt8(ascii: "]"), "row \(number): expected ',' or ']' after field \(fields.count)")
            return fields
        }
    }

    private mutating func scalar(row: Int) throws(Rejection) -> Scalar {
        guard let first = peek() else {
            throw Rejection(reason: "malformed json: the body ends inside row \(row)")
        }
        if first == UInt8(ascii: "\"") {
            position += 1
            let start = position
            while let byte = peek(), byte != UInt8(ascii: "\"") {
                guard byte != UInt8(ascii: "\\"), byte >= 0x20 else {
                    throw Rejection(
                        reason: "row \(row): unsupported character in a string at byte \(position)")
                }
                position += 1
            }
            guard peek() != nil else {
                throw Rejection(reason: "malformed json: unterminated string in row \(row)")
            }
            let text = self.text(start..<position)
            position += 1
            return .string(text)
        }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            throw Rejection(reason: "row \(row): nested arrays or objects are not klines")
        }
        let start = position
        while let byte = peek(), byte != UInt8(ascii: ","), byte != UInt8(ascii: "]"),
            !Self.isBlank(byte)
        {
            position += 1
        }
        let text = self.text(start..<position)
        if Self.isJSONNumber(text) { return .number(text) }
        if ["true", "false", "null"].contains(text) { return .literal(text) }
        throw Rejection(reason: "malformed json: '\(text.prefix(20))' in row \(row)")
    }

    /// Whether `text` matches JSON's number grammar.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let n = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(n)
            return n
        }
        let whole = bytes
        let integerDigits = digits()
        guard integerDigits > 0, !(integerDigits > 1 && whole.first == 0x30) else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipBlanks() {
        while let byte = peek(), Self.isBlank(byte) { position += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ reason: String) throws(Rejection) {
        skipBlanks()
        guard peek() == byte else {
            throw Rejection(
                reason: peek() == nil
                    ? "malformed json: the body ends early (\(reason))" : "malformed json: \(reason)")
        }
        position += 1
    }
}
