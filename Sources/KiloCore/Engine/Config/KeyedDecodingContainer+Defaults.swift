extension KeyedDecodingContainer {
    /// The value at `key`, or `defaultValue` when the key is absent (or null).
    ///
    /// Config structs decode every key with this, so a missing key keeps its documented default
    /// while a present key of the wrong type still fails with the key's path.
    public func value<T: Decodable>(_ key: Key, default defaultValue: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? defaultValue
    }
}
