/// A problem training, loading, saving or applying a model, shared by every model kind.
///
/// Cases carry the context a user needs to fix the problem: the file and line for a bad model
/// file, the column for a bad input table, the feature for a bad feature vector.
public enum ModelError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A file could not be read or written.
    case io(path: String, reason: String)
    /// A model file is malformed at `line` (1-based; `nil` when the problem is the whole file).
    case malformedModel(path: String, line: Int?, reason: String)
    /// A model file ended before its last section.
    case truncatedModel(path: String, line: Int, expected: String)
    /// A model uses a feature Kilo does not support (categorical splits, linear trees, ...).
    case unsupportedModel(path: String, line: Int?, feature: String)
    /// An input table lacks a column the model needs.
    case missingColumn(path: String, column: String)
    /// An input table is malformed at `line` (1-based).
    case malformedTable(path: String, line: Int, reason: String)
    /// A value in an input table is not a number.
    case invalidValue(path: String, line: Int, column: String, value: String)
    /// Feature vectors do not match what the model expects.
    case featureMismatch(expected: Int, got: Int)
    /// A feature has an unusable value (for example a non-finite label).
    case invalidFeature(name: String, reason: String)
    /// Training data cannot be used as given.
    case invalidTrainingData(reason: String)
    /// Training settings are out of range.
    case invalidConfig(reason: String)
    /// A model gave NaN or ±inf for an input's data row (1-based, with its first column as
    /// `timestamp`); `inputNonFinite` says whether the row (or a GRU's window ending there) held
    /// a non-finite feature.
    case nonFinitePrediction(path: String, row: Int, timestamp: String, value: Double, inputNonFinite: Bool)
    /// A trading model gave NaN or ±inf at a bar (index into the symbol's series).
    case nonFiniteSignal(model: String, symbol: String, bar: Int, value: Double)
    /// Long-running work stopped because cancellation was requested.
    case cancelled

    public var description: String {
        switch self {
        case .io(let path, let reason):
            return "cannot access '\(Excerpt.path(path))': \(reason)"
        case .malformedModel(let path, let line, let reason):
            return "model file '\(Excerpt.path(path, line: line))' is malformed: \(reason)"
        case .truncatedModel(let path, let line, let expected):
            return "model file '\(Excerpt.path(path))' is truncated at line \(line): expected \(expected)"
        case .unsupportedModel(let path, let line, let feature):
            return "model file '\(Excerpt.path(path, line: line))' uses \(feature), which kilo does not support"
        case .missingColumn(let path, let column):
            return "input '\(Excerpt.path(path))' has no column '\(Excerpt.of(column))'"
        case .malformedTable(let path, let line, let reason):
            return "input '\(Excerpt.path(path)):\(line)' is malformed: \(reason)"
        case .invalidValue(let path, let line, let column, let value):
            return "input '\(Excerpt.path(path)):\(line)' column '\(Excerpt.of(column))' holds '\(Excerpt.of(value))', which is not a number"
        case .featureMismatch(let expected, let got):
            return "model expects \(expected) features but got \(got)"
        case .invalidFeature(let name, let reason):
            return "feature '\(Excerpt.of(name))' is unusable: \(reason)"
        case .invalidTrainingData(let reason):
            return "training data is unusable: \(reason)"
        case .invalidConfig(let reason):
            return "invalid training settings: \(reason)"
        case .nonFinitePrediction(let path, let row, let timestamp, let value, let inputNonFinite):
            let why = inputNonFinite ? "its input holds a non-finite feature" : "the model overflows on it"
            return "model '\(Excerpt.path(path))' predicts \(value) for data row \(row) ('\(Excerpt.of(timestamp))': \(why)); "
                + "no predictions written"
        case .nonFiniteSignal(let model, let symbol, let bar, let value):
            return "\(model) model for \(symbol) predicts \(value) at bar \(bar); the symbol waits this bar"
        case .cancelled:
            return "cancelled"
        }
    }
}
