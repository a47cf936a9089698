import Foundation
import Testing

@testable import KiloCore

@Suite struct DecimalParserTests {
    /// A random decimal string: sign, integer digits, fraction digits and exponent all varied,
    /// from short prices to 25-digit mantissas and exponents beyond the fast path's range.
    static func randomDecimal(_ rng: inout SplitMix64) -> String {
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(rng.next() % 10)) })
        }
        var text = ""
        switch rng.next() % 8 {
        case 0: text += "-"
        case 1: text += "+"
        default: break
        }
        let integerDigits = Int(rng.next() % 12)
        let fractionDigits = Int(rng.next() % 14)
        text += digits(integerDigits)
        if fractionDigits > 0 || integerDigits == 0 || rng.next() % 4 == 0 {
            text += "." + digits(fractionDigits == 0 && integerDigits == 0 ? 1 : fractionDigits)
        }
        if rng.next() % 5 == 0 {
            text += rng.next() % 2 == 0 ? "e" : "E"
            if rng.next() % 2 == 0 { text += rng.next() % 2 == 0 ? "-" : "+" }
            text += String(rng.next() % 40)
        }
        if rng.next() % 16 == 0 { text = digits(20 + Int(rng.next() % 6)) + "." + digits(3) }
        return text
    }

    @Test func bitIdenticalToDoubleOnRandomDecimals() {
        var rng = SplitMix64(seed: 20_240_823)
        var fastPathHits = 0
        let samples = 200_000
        for _ in 0..<samples {
            let text = Self.randomDecimal(&rng)
            let expected = Double(text)
            let parsed = DecimalParser.parse(text)
            #expect(parsed?.bitPattern == expected?.bitPattern, "'\(text)'")
            var bytes = Array((text + ",").utf8)
            bytes.withUnsafeMutableBufferPointer { buffer in
                guard let mutableBase = buffer.baseAddress else { return }
                let base = UnsafePointer(mutableBase)
                if let (value, next) = DecimalParser.scan(
                    base, end: base + buffer.count, delimiter: UInt8(ascii: ","))
                {
                    fastPathHits += 1
                    #expect(value.bitPattern == expected?.bitPattern, "fast path '\(text)'")
                    #expect(next == base + buffer.count - 1)
                }
            }
        }
        // The generator must exercise both paths.
        #expect(fastPathHits > samples / 2)
        #expect(fastPathHits < samples)
    }

    @Test func bitIdenticalOnShortestAndLongDescriptionsOfRandomDoubles() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<50_000 {
            let exponent = Double(Int(rng.next() % 40) - 20)
            let value = (rng.nextUnit() - 0.5) * pow(10, exponent)
            for text in [String(value), String(format: "%.17g", value), String(format: "%.6f", value)] {
                #expect(DecimalParser.parse(text)?.bitPattern == Double(text)?.bitPattern, "'\(text)'")
            }
        }
    }

    @Test(arguments: [
        "0", "-0", "+5", "1.", ".5", "00012", "0.000", "54915.45", "0.3411", "1e5", "1E-5", "1e+22",
        "1e23", "9007199254740993", "9007199254740992", "123456789012345678901234567890", "1e400",
        "1e-400", "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "nan", "NaN", "inf",
        "-inf", "Infinity", "0x1p3", "1e", "1e+", ".", "", "-", "abc", "1,5", "1.2.3", "12a",
    ])
    func edgeCasesMatchDouble(_ text: String) {
        #expect(DecimalParser.parse(text)?.bitPattern == Double(text)?.bitPattern)
    }

    @Test func trimsBlanksAndQuotesOfCells() {
        #expect(DecimalParser.parse(" 1.5 ") == 1.5)
        #expect(DecimalParser.parse("\"2.25\"") == 2.25)
        #expect(DecimalParser.parse("3\r") == 3)
        #expect(DecimalParser.parse(" ") == nil)
    }

    @Test func fastPathStopsAtTerminators() {
        for (text, terminator) in [("1.5\n", 3), ("1.5\r\n", 3), ("-2;", 2), ("7", 1)] {
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { buffer in
                guard let mutableBase = buffer.baseAddress else { return }
                let base = UnsafePointer(mutableBase)
                let result = DecimalParser.scan(base, end: base + buffer.count, delimiter: UInt8(ascii: ";"))
                let consumed: Int? = result.map { $0.next - base }
                #expect(consumed == terminator, "'\(text)'")
            }
        }
    }
}
