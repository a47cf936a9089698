/// A model kept in one safetensors file whose `format` metadata names its kind.
public protocol SafetensorsStored: TrainedModel {
    /// The `format` metadata its files carry (`kilo-gru`, `kilo-ppo`).
    static var fileFormat: String { get }
    /// Reads a model file written by Kilo, validating its format and shapes.
    static func load(from path: String) throws -> Self
    /// Builds the model from an already-read file; `path` names it in errors.
    static func decode(_ file: SafetensorsFile, path: String) throws -> Self
}

/// A family whose files are `.safetensors`, told apart from other such families by their `format`.
public protocol SafetensorsFamily: ModelFamily {
    /// The model its files hold.
    associatedtype Stored: SafetensorsStored
}

extension SafetensorsFamily {
    public var fileExtension: String { "safetensors" }
    public var safetensorsFormat: String? { Stored.fileFormat }

    public func open(path: String, safetensors: SafetensorsFile?) throws -> any TrainedModel {
        if let safetensors { return try Stored.decode(safetensors, path: path) }
        return try Stored.load(from: path)
    }
}
