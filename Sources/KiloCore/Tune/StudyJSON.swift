import Foundation

/// The JSON a study file stores (spaces, parameters, fold values): sorted keys, non-finite numbers
/// as strings, so the same value always gives the same text.
enum StudyJSON {
    /// `value` as compact JSON text with sorted keys ("" when it cannot be encoded).
    static func encode<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
        guard let data = try? encoder.encode(value) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes `text` written by `encode`.
    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
