/// The spacing of consecutive bars, such as `30m` or `1h`.
public struct BarInterval: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// The spacing in seconds.
    public let seconds: Int64

    /// Creates an interval of `seconds` seconds; `seconds` must be positive.
    public init(seconds: Int64) {
        precondition(seconds > 0, "BarInterval(seconds:) needs a positive value, got \(seconds)")
        self.seconds = seconds
    }

    /// Parses Binance-style names: `1m`, `30m`, `1h`, `4h`, `1d`, `1w`; `nil` for anything else.
    public init?(name: String) {
        guard let unit = name.last, let count = Int64(name.dropLast()), count > 0 else { return nil }
        switch unit {
        case "s": self.init(seconds: count)
        case "m": self.init(seconds: count * 60)
        case "h": self.init(seconds: count * 3_600)
        case "d": self.init(seconds: count * 86_400)
        case "w": self.init(seconds: count * 604_800)
        default: return nil
        }
    }

    /// The interval in milliseconds, the unit of bar timestamps.
    public var milliseconds: Int64 { seconds * 1_000 }

    /// How many bars of this interval fit in a 365-day year, for annualising.
    public var barsPerYear: Double { 365.0 * 86_400.0 / Double(seconds) }

    /// The shortest name: `30m`, `1h`, `1d`, or `90s`.
    public var name: String {
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3_600), ("m", 60)]
        where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    public var description: String { name }

    public static func < (lhs: BarInterval, rhs: BarInterval) -> Bool { lhs.seconds < rhs.seconds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let interval = BarInterval(name: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an interval like 30m, 1h or 1d")
        }
        self = interval
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
