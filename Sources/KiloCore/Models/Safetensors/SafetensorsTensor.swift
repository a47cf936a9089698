/// The element types of the safetensors format.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8"
    case u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8"
    case bool = "BOOL", f8E4M3 = "F8_E4M3", f8E5M2 = "F8_E5M2"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .f64, .i64, .u64: return 8
        case .f32, .i32, .u32: return 4
        case .f16, .bf16, .i16, .u16: return 2
        case .i8, .u8, .bool, .f8E4M3, .f8E5M2: return 1
        }
    }
}

/// One named tensor: dtype, row-major shape and its little-endian bytes.
public struct SafetensorsTensor: Sendable, Equatable {
    /// The tensor's key in the header.
    public let name: String
    /// The element type.
    public let dtype: SafetensorsDType
    /// The shape (empty for a rank-0 scalar).
    public let shape: [Int]
    /// The raw little-endian bytes, `shape.product · dtype.byteSize` of them.
    public let bytes: [UInt8]

    /// The number of elements.
    public var elementCount: Int { shape.reduce(1, *) }

    /// A tensor from raw bytes; the byte count must match the shape.
    public init(name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8]) {
        precondition(
            shape.reduce(1, *) * dtype.byteSize == bytes.count,
            "SafetensorsTensor.init: \(bytes.count) bytes for shape \(shape) of \(dtype.rawValue)")
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// An `F32` tensor holding `values` bit for bit.
    public init(name: String, shape: [Int], float32 values: [Float]) {
        self.init(name: name, dtype: .f32, shape: shape, bytes: Self.littleEndianBytes(values.map { $0.bitPattern }))
    }

    /// An `F64` tensor holding `values` bit for bit.
    public init(name: String, shape: [Int], float64 values: [Double]) {
        self.init(name: name, dtype: .f64, shape: shape, bytes: Self.littleEndianBytes(values.map { $0.bitPattern }))
    }

    /// An `I64` tensor.
    public init(name: String, shape: [Int], int64 values: [Int64]) {
        self.init(
            name: name, dtype: .i64, shape: shape,
            bytes: Self.littleEndianBytes(values.map { UInt64(bitPattern: $0) }))
    }

    /// The elements as `Float`: `F32` exactly, `F64` rounded to nearest; nil for other dtypes.
    public func floatValues() -> [Float]? {
        switch dtype {
        case .f32: return Self.words(bytes, as: UInt32.self).map { Float(bitPattern: $0) }
        case .f64: return Self.words(bytes, as: UInt64.self).map { Float(Double(bitPattern: $0)) }
        default: return nil
        }
    }

    /// The elements as `Double` (`F64` exactly, `F32` widened); nil for other dtypes.
    public func doubleValues() -> [Double]? {
        switch dtype {
        case .f64: return Self.words(bytes, as: UInt64.self).map { Double(bitPattern: $0) }
        case .f32: return Self.words(bytes, as: UInt32.self).map { Double(Float(bitPattern: $0)) }
        default: return nil
        }
    }

    /// The elements of an `I64` tensor; nil for other dtypes.
    public func int64Values() -> [Int64]? {
        guard dtype == .i64 else { return nil }
        return Self.words(bytes, as: UInt64.self).map { Int64(bitPattern: $0) }
    }

    static func littleEndianBytes<W: FixedWidthInteger>(_ words: [W]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: words.count * W.bitWidth / 8)
        out.withUnsafeMutableBytes { raw in
            for (i, word) in words.enumerated() {
                raw.storeBytes(of: word.littleEndian, toByteOffset: i * W.bitWidth / 8, as: W.self)
            }
        }
        return out
    }

    static func words<W: FixedWidthInteger>(_ bytes: [UInt8], as: W.Type) -> [W] {
        let size = W.bitWidth / 8
        return bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / size)).map { W(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * size, as: W.self)) }
        }
    }
}
