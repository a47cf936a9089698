import Testing

@testable import KiloCore

@Suite struct CellScanTests {
    /// Runs `body` on the UTF-8 bytes of `text` (start, end).
    static func withBytes<R>(_ text: String, _ body: (UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> R) -> R {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!  // every text here is non-empty
            return body(base, base + buffer.count)
        }
    }

    @Test func digitsAreReadUpToTheFirstOtherByte() {
        let (value, read): (Int64, Int) = Self.withBytes("0172450,9") { start, end in
            var p = start
            var value: Int64 = 0
            CellScan.accumulateDigits(&p, end: end, into: &value)
            return (value, p - start)
        }
        #expect(value == 172_450)
        #expect(read == 7)
    }

    @Test func noDigitsLeaveValueAndPositionAlone() {
        let (value, read): (Int, Int) = Self.withBytes("-12") { start, end in
            var p = start
            var value = 5
            CellScan.accumulateDigits(&p, end: end, into: &value)
            return (value, p - start)
        }
        #expect(value == 5)
        #expect(read == 0)
    }

    @Test func digitsStopAtTheEndAndWrapInANarrowType() {
        let value: UInt8 = Self.withBytes("300") { start, end in
            var p = start
            var value: UInt8 = 0
            CellScan.accumulateDigits(&p, end: end, into: &value)
            #expect(p == end)
            return value
        }
        #expect(value == UInt8(300 % 256))
    }

    @Test func aCellEndsAtTheDelimiterALineBreakOrTheEnd() {
        let ends: [Bool] = Self.withBytes(";\n\r,x") { start, end in
            (0..<5).map { CellScan.isCellEnd(start + $0, end: end, delimiter: UInt8(ascii: ";")) }
                + [CellScan.isCellEnd(end, end: end, delimiter: UInt8(ascii: ";"))]
        }
        #expect(ends == [true, true, true, false, false, true])
    }
}
