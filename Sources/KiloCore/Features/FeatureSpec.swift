/// One named parameter of a feature (`period = 14`).
public struct FeatureParameter: Sendable, Codable, Equatable, Hashable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// What a feature column is: its name, family, definition, parameters and lookback.
public struct FeatureSpec: Sendable, Codable, Equatable, Hashable {
    /// The column name (the original's name where the original had the feature).
    public var name: String
    /// The family it belongs to.
    public var family: FeatureFamily
    /// The definition, e.g. `talib.RSI` or `pandas.rolling_std(ddof=1)`: changing it changes the hash.
    public var definition: String
    /// Parameters in declaration order.
    public var parameters: [FeatureParameter] = []
    /// Leading NaN rows of every segment (warm-up).
    public var lookback: Int

    /// The canonical text hashed into the spec hash: `name|definition|p=v,p=v|lookback`.
    public var canonicalText: String {
        let params = parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        return "\(name)|\(definition)|\(params)|\(lookback)"
    }

    /// The SHA-256 (hex) of the canonical texts of `specs`, one per line, in order.
    public static func hash(of specs: [FeatureSpec]) -> String {
        SHA256.hex(of: specs.map(\.canonicalText).joined(separator: "\n"))
    }
}
