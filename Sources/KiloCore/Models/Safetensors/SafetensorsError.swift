/// A safetensors file that cannot be read or written, naming the file and the broken rule.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file could not be opened, read or written.
    case io(FileFailure)
    /// The file breaks the format (length prefix, header JSON, offsets, dtypes, coverage).
    case malformed(path: String, reason: String)
    /// A tensor the caller needs is absent.
    case missingTensor(path: String, name: String)
    /// A tensor holds a dtype the caller cannot convert.
    case unsupportedDType(path: String, name: String, dtype: String)

    public var description: String {
        switch self {
        case .io(let failure):
            return failure.description
        case .malformed(let path, let reason):
            return "safetensors file '\(Excerpt.path(path))' is corrupt: \(reason)"
        case .missingTensor(let path, let name):
            return "safetensors file '\(Excerpt.path(path))' has no tensor '\(name)'"
        case .unsupportedDType(let path, let name, let dtype):
            return "tensor '\(name)' in safetensors file '\(Excerpt.path(path))' has unsupported dtype '\(dtype)'"
        }
    }
}
