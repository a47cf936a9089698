/// The byte steps the fast cell scanners (`DecimalParser.scan`, `BarTime.scanEpoch`) share.
enum CellScan {
    /// Reads the run of ASCII digits at `p` into `value` (`value * 10 + digit` each, wrapping on
    /// overflow: callers bound the run's length) and leaves `p` after the run.
    /// - Complexity: O(digits).
    @inline(__always)
    static func accumulateDigits<Value: FixedWidthInteger>(
        _ p: inout UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, into value: inout Value
    ) {
        while p < end {
            let digit = p.pointee &- UInt8(ascii: "0")
            if digit >= 10 { break }
            value = value &* 10 &+ Value(truncatingIfNeeded: digit)
            p += 1
        }
    }

    /// Whether `p` is where a cell may end: `end`, `delimiter`, `\n` or `\r`.
    @inline(__always)
    static func isCellEnd(_ p: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, delimiter: UInt8) -> Bool {
        guard p < end else { return true }
        let byte = p.pointee
        return byte == delimiter || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
