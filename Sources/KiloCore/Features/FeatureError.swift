/// A problem in the feature engine: a spec mismatch, an unreadable preprocessor, a failed write.
public enum FeatureError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A model's feature spec differs from the current one at column `index` (the first that
    /// differs); `name` is the stored feature's name, `expected`/`found` the two definitions.
    case specMismatch(index: Int, name: String, expected: String, found: String)
    /// The feature spec hash differs although every name matches (a parameter changed).
    case specHashMismatch(expected: String, found: String)
    /// A file could not be written, or read and decoded.
    case file(FileFailure)
    /// A feature name is not in the catalogue.
    case unknownFeature(name: String)
    /// The training range holds no usable row.
    case emptyTrainingRange(lower: Int, upper: Int)
    /// A matrix does not have the columns the preprocessor was fitted on.
    case columnMismatch(expected: Int, found: Int)
    /// A preprocessor file decodes but cannot scale (non-finite center, zero scale, …).
    case invalidPreprocessor(path: String, reason: String)

    public var description: String {
        switch self {
        case .specMismatch(let index, let name, let expected, let found):
            return
                "feature '\(name)' (column \(index)) differs from the model's spec: expected '\(expected)', found '\(found)'"
        case .specHashMismatch(let expected, let found):
            return "feature spec hash differs: expected '\(expected)', found '\(found)'"
        case .file(let failure):
            return failure.description
        case .unknownFeature(let name):
            return "unknown feature '\(Excerpt.of(name))'"
        case .emptyTrainingRange(let lower, let upper):
            return "training rows \(lower)..<\(upper) hold no row with every feature warmed up and a target"
        case .columnMismatch(let expected, let found):
            return "preprocessor expects \(expected) feature columns, matrix has \(found)"
        case .invalidPreprocessor(let path, let reason):
            return "preprocessor '\(Excerpt.path(path))' is unusable: \(reason)"
        }
    }
}
