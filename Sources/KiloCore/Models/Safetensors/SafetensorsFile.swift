import Foundation

/// A safetensors file in memory: named tensors plus the string-to-string `__metadata__`.
///
/// Reading enforces the format's rules (huggingface/safetensors "Format"): an 8-byte
/// little-endian header length, a UTF-8 JSON header starting with `{` (at most 100 MB, optionally
/// right-padded with spaces), no duplicate keys, known dtypes, offsets inside the buffer and
/// consistent with each tensor's shape, and a byte buffer covered by the tensors exactly, with no
/// holes or overlaps. Writing pads the header with spaces so the buffer starts 8-byte aligned.
public struct SafetensorsFile: Sendable, Equatable {
    /// The tensors, in header order when read and in writing order when written.
    public var tensors: [SafetensorsTensor]
    /// The `__metadata__` entries.
    public var metadata: [String: String]

    /// A file holding `tensors` and `metadata`; tensor names must be unique.
    public init(tensors: [SafetensorsTensor], metadata: [String: String] = [:]) {
        precondition(
            Set(tensors.map(\.name)).count == tensors.count, "SafetensorsFile.init: duplicate tensor names")
        precondition(!tensors.contains { $0.name == "__metadata__" }, "SafetensorsFile.init: reserved tensor name")
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Bytes of tensor data in the file (what every size a loader derives from it is bounded by).
    public var dataByteCount: Int { tensors.reduce(0) { $0 + $1.bytes.count } }

    /// The tensor named `name`, or nil.
    public func tensor(named name: String) -> SafetensorsTensor? { tensors.first { $0.name == name } }

    /// Reads and validates the file at `path`.
    /// - Complexity: O(file size).
    public static func read(from path: String) throws(SafetensorsError) -> SafetensorsFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io(FileFailure(.access, "safetensors file", path: path, error: error))
        }
        return try decode([UInt8](data), path: path)
    }

    /// Parses the bytes of a safetensors file; `path` only names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(SafetensorsError) -> SafetensorsFile {
        func corrupt(_ reason: String) -> SafetensorsError { .malformed(path: path, reason: reason) }
        guard bytes.count >= 8 else { throw corrupt("file is \(bytes.count) bytes, shorter than the 8-byte header length") }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard headerLength <= 100_000_000 else { throw corrupt("header length \(headerLength) exceeds 100 MB") }
        guard headerLength >= 2, 8 + Int(headerLength) <= bytes.count else {
            throw corrupt("header length \(headerLength) does not fit in a file of \(bytes.count) bytes (truncated?)")
        }
        let headerEnd = 8 + Int(headerLength)
        guard bytes[8] == UInt8(ascii: "{") else { throw corrupt("header does not start with '{'") }
        let json: OrderedJSON
        switch OrderedJSON.parse(bytes[8..<headerEnd]) {
        case .success(let value): json = value
        case .failure(let failure): throw corrupt(failure.reason)
        }
        guard case .object(let members) = json else { throw corrupt("header is not a JSON object") }
        let bufferLength = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var entries: [(name: String, dtype: SafetensorsDType, shape: [Int], begin: Int, end: Int)] = []
        for (key, value) in members {
            if key == "__metadata__" {
                guard case .object(let pairs) = value else { throw corrupt("__metadata__ is not an object") }
                for (metaKey, metaValue) in pairs {
                    guard case .string(let text) = metaValue else {
                        throw corrupt("__metadata__ value '\(Excerpt.of(metaKey))' is not a string")
                    }
                    metadata[metaKey] = text
                }
                continue
            }
            guard case .object(let fields) = value else { throw corrupt("tensor '\(Excerpt.of(key))' is not an object") }
            let field = Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            guard case .string(let dtypeName)? = field["dtype"] else { throw corrupt("tensor '\(Excerpt.of(key))' has no dtype") }
            guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
                throw corrupt("tensor '\(Excerpt.of(key))' has unknown dtype '\(Excerpt.of(dtypeName))'")
            }
            guard case .array(let shapeValues)? = field["shape"] else { throw corrupt("tensor '\(Excerpt.of(key))' has no shape") }
            var shape: [Int] = []
            for dimension in shapeValues {
                guard case .integer(let size) = dimension, size >= 0, size <= Int64(Int32.max) else {
                    throw corrupt("tensor '\(Excerpt.of(key))' has an invalid shape (dimensions must be integers in 0...2147483647)")
                }
                shape.append(Int(size))
            }
            guard case .array(let offsets)? = field["data_offsets"], offsets.count == 2,
                case .integer(let begin) = offsets[0], case .integer(let end) = offsets[1],
                begin >= 0, begin <= end, end <= Int64(bufferLength)
            else {
                throw corrupt("tensor '\(Excerpt.of(key))' has data_offsets outside the \(bufferLength)-byte buffer")
            }
            let span = Int(end - begin)
            let shapeText = Excerpt.of(describing: shape)
            guard let elements = CheckedSize.product(shape),
                let needed = CheckedSize.product([elements, dtype.byteSize])
            else {
                throw corrupt(
                    "tensor '\(Excerpt.of(key))' has shape \(shapeText), whose size overflows (the file is \(bytes.count) bytes)")
            }
            guard needed == span else {
                throw corrupt("tensor '\(Excerpt.of(key))' spans \(span) bytes but shape \(shapeText) of \(dtypeName) needs \(needed)")
            }
            entries.append((key, dtype, shape, Int(begin), Int(end)))
        }
        var covered = 0
        for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard entry.begin == covered else {
                throw corrupt(entry.begin > covered
                    ? "hole in the data buffer before tensor '\(Excerpt.of(entry.name))' (bytes \(covered)..<\(entry.begin))"
                    : "tensor '\(Excerpt.of(entry.name))' overlaps another tensor")
            }
            covered = entry.end
        }
        guard covered == bufferLength else {
            throw corrupt("data buffer is \(bufferLength) bytes but the tensors cover \(covered)")
        }
        let tensors = entries.map { entry in
            SafetensorsTensor(
                name: entry.name, dtype: entry.dtype, shape: entry.shape,
                bytes: Array(bytes[(headerEnd + entry.begin)..<(headerEnd + entry.end)]))
        }
        return SafetensorsFile(tensors: tensors, metadata: metadata)
    }

    /// The file's bytes: length prefix, space-padded header (buffer 8-byte aligned), tensor data.
    /// - Complexity: O(total tensor bytes).
    public func encoded() -> [UInt8] {
        var header = "{"
        var parts: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { key in
                OrderedJSON.quoted(key) + ":" + OrderedJSON.quoted(metadata[key] ?? "")
            }
            parts.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for tensor in tensors {
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            parts.append(
                OrderedJSON.quoted(tensor.name) + ":{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],"
                    + "\"data_offsets\":[\(offset),\(offset + tensor.bytes.count)]}")
            offset += tensor.bytes.count
        }
        header += parts.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + headerBytes.count + offset)
        let length = UInt64(headerBytes.count)
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: length >> (8 * UInt64(i)))) }
        out += headerBytes
        for tensor in tensors { out += tensor.bytes }
        return out
    }

    /// Writes the file to `path` atomically.
    public func write(to path: String) throws(SafetensorsError) {
        do {
            try Data(encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .io(FileFailure(.access, "safetensors file", path: path, error: error))
        }
    }
}
