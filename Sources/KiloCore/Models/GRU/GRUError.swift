/// A GRU training, loading or scoring problem, with the context needed to fix it.
public enum GRUError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The safetensors container could not be read or written.
    case file(SafetensorsError)
    /// The file is a valid safetensors file but not a usable GRU model.
    case invalidModelFile(path: String, reason: String)
    /// The training inputs are inconsistent (shapes, indices, empty splits).
    case invalidTrainingData(reason: String)
    /// A window used for training or validation holds a non-finite feature or target.
    case nonFiniteInput(row: Int, column: Int?)
    /// The feature matrix does not have the model's input width.
    case featureCountMismatch(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .file(let error):
            return error.description
        case .invalidModelFile(let path, let reason):
            return "'\(Excerpt.path(path))' is not a valid kilo-gru model: \(reason)"
        case .invalidTrainingData(let reason):
            return "invalid gru training data: \(reason)"
        case .nonFiniteInput(let row, let column):
            if let column { return "gru input row \(row) column \(column) is not finite" }
            return "gru target at row \(row) is not finite"
        case .featureCountMismatch(let expected, let actual):
            return "gru model expects \(expected) features but the matrix has \(actual)"
        }
    }
}
