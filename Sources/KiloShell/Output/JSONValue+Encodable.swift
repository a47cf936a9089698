import Foundation
import KiloCore

extension JSONValue {
    /// The JSON form of any `Encodable` value (keys sorted, so output is deterministic).
    public init<T: Encodable>(encoding value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
        guard let data = try? encoder.encode(value), case .success(let json) = OrderedJSON.parse(Array(data)[...])
        else {
            self = .null
            return
        }
        self = JSONValue(json)
    }

    /// The same value in the shell's representation.
    init(_ json: OrderedJSON) {
        switch json {
        case .object(let pairs): self = .object(pairs.map { ($0.key, JSONValue($0.value)) })
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .string(let text): self = .string(text)
        case .integer(let value): self = .int(value)
        case .number(let value): self = .number(value)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        }
    }
}
