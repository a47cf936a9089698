/// Parses decimal numbers straight from bytes, bit-identical to `Double(String)`.
///
/// The fast path reads the digits into an integer mantissa and a decimal exponent. When the mantissa
/// is below 2^53 and the exponent's magnitude is at most 22, both are exact doubles and one IEEE
/// multiplication or division rounds correctly (Clinger, "How to read floating point numbers
/// accurately", 1990). Anything else (more than 19 significant digits, large exponents, `nan`,
/// `inf`, hex floats, quoted or padded cells) goes to `Double(String)`, which is `strtod`.
enum DecimalParser {
    /// The exact double 10^`exponent` for 0 ... 22 (a switch the compiler turns into a table).
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// The largest mantissa the fast path takes: 2^53.
    private static let maxExactMantissa: UInt64 = 1 << 53

    /// Parses the number that starts at `start` and ends at a terminator (`delimiter`, `\r`, `\n`
    /// or `end`), using only the fast path.
    ///
    /// - Returns: the value and the position of the terminator, or `nil` when the cell is not a
    ///   plain decimal the fast path can round exactly (the caller then uses `parse(_:)`).
    /// - Complexity: O(length of the cell).
    @inline(__always)
    static func scan(
        _ start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, delimiter: UInt8
    ) -> (value: Double, next: UnsafePointer<UInt8>)? {
        var p = start
        guard p < end else { return nil }
        var negative = false
        if p.pointee == UInt8(ascii: "-") {
            negative = true
            p += 1
        } else if p.pointee == UInt8(ascii: "+") {
            p += 1
        }
        // Leading zeros are not significant; the digits after them are counted by position.
        let integerStart = p
        while p < end, p.pointee == UInt8(ascii: "0") { p += 1 }
        let significantStart = p
        var mantissa: UInt64 = 0
        CellScan.accumulateDigits(&p, end: end, into: &mantissa)
        var significantDigits = p - significantStart
        var sawDigit = p != integerStart
        var exponent = 0
        if p < end, p.pointee == UInt8(ascii: ".") {
            p += 1
            let fractionStart = p
            if significantDigits == 0 {
                while p < end, p.pointee == UInt8(ascii: "0") { p += 1 }
            }
            let fractionDigitsStart = p
            CellScan.accumulateDigits(&p, end: end, into: &mantissa)
            significantDigits += p - fractionDigitsStart
            exponent = fractionStart - p
            sawDigit = sawDigit || p != fractionStart
        }
        guard sawDigit, significantDigits <= 19 else { return nil }
        if p < end, p.pointee | 0x20 == UInt8(ascii: "e") {
            p += 1
            var exponentNegative = false
            if p < end, p.pointee == UInt8(ascii: "-") {
                exponentNegative = true
                p += 1
            } else if p < end, p.pointee == UInt8(ascii: "+") {
                p += 1
            }
            var written = 0
            let exponentDigitsStart = p
            CellScan.accumulateDigits(&p, end: end, into: &written)
            let digits = p - exponentDigitsStart
            guard digits > 0, digits <= 4 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard CellScan.isCellEnd(p, end: end, delimiter: delimiter) else { return nil }
        let magnitude: Double
        if mantissa == 0 {
            magnitude = 0
        } else {
            guard mantissa <= maxExactMantissa, exponent >= -22, exponent <= 22 else { return nil }
            magnitude =
                exponent < 0
                ? Double(mantissa) / powerOfTen(-exponent) : Double(mantissa) * powerOfTen(exponent)
        }
        return (negative ? -magnitude : magnitude, p)
    }

    /// Parses a whole cell: the fast path when it applies, else `Double(String)` after trimming
    /// blanks and one pair of double quotes. Accepts `nan`, `inf`, `infinity` in any case.
    /// - Returns: `nil` when the cell is not a number.
    static func parse(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = cell.baseAddress else { return nil }
        let end = base + cell.count
        if let (value, next) = scan(base, end: end, delimiter: 0), next == end { return value }
        let text = CellText.trimmed(cell)
        guard !text.isEmpty else { return nil }
        return Double(text)
    }

    /// Parses `text` as `parse(_:)` does on its UTF-8 bytes.
    static func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }
}

/// Turning raw cell bytes into text for error messages and slow-path parsing.
enum CellText {
    /// The cell as a string, without surrounding blanks and one pair of double quotes.
    static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> String {
        var lower = 0
        var upper = cell.count
        func isBlank(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
        }
        while lower < upper, isBlank(cell[lower]) { lower += 1 }
        while upper > lower, isBlank(cell[upper - 1]) { upper -= 1 }
        if upper - lower >= 2, cell[lower] == UInt8(ascii: "\""), cell[upper - 1] == UInt8(ascii: "\"") {
            lower += 1
            upper -= 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: cell[lower..<upper]), as: UTF8.self)
    }
}
