import Foundation
import Testing

import KiloTestSupport

@testable import KiloCore

@Suite struct SafetensorsFileTests {
    let path = "test.safetensors"
    static let w: [Float] = [1, -2, 3.5, .pi, -0.0, 1e-30]

    func sample() -> SafetensorsFile {
        SafetensorsFile(
            tensors: [
                SafetensorsTensor(name: "w", shape: [2, 3], float32: Self.w),
                SafetensorsTensor(name: "d", shape: [3], float64: [1.0 / 3, -7, 1e300]),
                SafetensorsTensor(name: "i", shape: [], int64: [-42]),
                SafetensorsTensor(name: "empty", shape: [0, 4], float32: []),
            ],
            metadata: ["format": "kilo-gru", "quote\"key": "line\nbreak \\ ünïcode"])
    }

    /// Builds a file from a raw header (padded to 8) and a data buffer.
    func raw(_ header: String, _ buffer: [UInt8], declaredLength: UInt64? = nil) -> [UInt8] {
        var h = Array(header.utf8)
        while h.count % 8 != 0 { h.append(0x20) }
        let n = declaredLength ?? UInt64(h.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + h + buffer
    }

    func malformedReason(_ bytes: [UInt8]) -> String? {
        do {
            _ = try SafetensorsFile.decode(bytes, path: path)
            return nil
        } catch {
            guard case .malformed(let p, let reason) = error, p == path else { return "wrong error \(error)" }
            #expect(error.description.contains("'test.safetensors'"))
            return reason
        }
    }

    @Test func roundTripIsBitExactAndAligned() throws {
        let file = sample()
        let bytes = file.encoded()
        let headerLength = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        #expect(headerLength % 8 == 0)
        #expect(bytes[8] == UInt8(ascii: "{"))
        let decoded = try SafetensorsFile.decode(bytes, path: path)
        #expect(decoded.metadata == file.metadata)
        for tensor in file.tensors { #expect(decoded.tensor(named: tensor.name) == tensor) }
        #expect(decoded.tensor(named: "w")?.floatValues()?.map(\.bitPattern) == Self.w.map(\.bitPattern))
        #expect(decoded.tensor(named: "d")?.doubleValues() == [1.0 / 3, -7, 1e300])
        #expect(decoded.tensor(named: "i")?.int64Values() == [-42])
        #expect(decoded.encoded() == bytes)
    }

    @Test func writesAndReadsFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-st-\(UInt32.random(in: 0...UInt32.max)).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try sample().write(to: url.path)
        #expect(try SafetensorsFile.read(from: url.path) == SafetensorsFile.decode(sample().encoded(), path: url.path))
        #expect(throws: SafetensorsError.self) { try SafetensorsFile.read(from: url.path + ".missing") }
    }

    @Test func rejectsCorruptFiles() {
        let good = sample().encoded()
        #expect(malformedReason(Array(good.prefix(5)))?.contains("shorter") == true)
        #expect(malformedReason(Array(good.dropLast(3)))?.contains("outside") == true)
        #expect(malformedReason(Array(good.prefix(20)))?.contains("truncated") == true)
        #expect(malformedReason(raw("{}", [], declaredLength: 200_000_000))?.contains("100 MB") == true)
        #expect(malformedReason(raw(" {}", []))?.contains("'{'") == true)
        #expect(malformedReason(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", [0, 0, 0, 0]))?.contains("duplicate") == true)
        #expect(malformedReason(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", [UInt8](repeating: 0, count: 8)))?.contains("hole") == true)
        #expect(malformedReason(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", [UInt8](repeating: 0, count: 8)))?.contains("overlaps") == true)
        #expect(malformedReason(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}}", [0, 0, 0, 0]))?.contains("outside") == true)
        #expect(malformedReason(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", [UInt8](repeating: 0, count: 8)))?.contains("needs 12") == true)
        #expect(malformedReason(raw("{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,1]}}", [0]))?.contains("unknown dtype") == true)
        #expect(malformedReason(raw("{\"__metadata__\":{\"k\":1}}", []))?.contains("not a string") == true)
        #expect(malformedReason(raw("{\"a\":", []))?.contains("JSON") == true)
        // A polyglot tail after the covered data is a hole too.
        #expect(malformedReason(good + [0x41])?.contains("cover") == true)
    }

    @Test func acceptsPaddedHeaderAndEmptyFile() throws {
        let file = try SafetensorsFile.decode(raw("{}      ", []), path: path)
        #expect(file.tensors.isEmpty && file.metadata.isEmpty)
    }

    @Test func readsAFileWrittenByPython() throws {
        let file = try SafetensorsFile.read(from: RepoPaths.path("Tests/Fixtures/gru/torch_model.safetensors"))
        #expect(file.metadata["format"] == "kilo-gru")
        #expect(file.tensor(named: "gru.weight_ih_l0")?.shape == [24, 5])
        #expect(file.tensor(named: "fc2.bias")?.dtype == .f32)
    }
}
