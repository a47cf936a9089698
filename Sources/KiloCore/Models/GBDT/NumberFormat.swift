#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// C `printf`-style number formatting, as LightGBM writes its model files.
enum NumberFormat {
    /// `%.17g`: enough digits that every `Double` reads back to the same bits.
    static func roundTrip(_ x: Double) -> String { format(x, "%.17g") }

    /// `%g`: six significant digits, for informational fields (gains, weights).
    static func short(_ x: Double) -> String { format(x, "%g") }

    private static func format(_ x: Double, _ spec: String) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        var buffer = [CChar](repeating: 0, count: 40)
        let written = buffer.withUnsafeMutableBufferPointer { b in
            withVaList([x]) { args in vsnprintf(b.baseAddress, 40, spec, args) }
        }
        let end = Int(max(0, min(written, 39)))
        return String(decoding: buffer[0..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
