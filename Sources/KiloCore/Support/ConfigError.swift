/// A problem with `config.yaml`, naming the key (as a dotted path) and what was expected.
public enum ConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid YAML.
    case syntax(path: String, line: Int?, message: String)
    /// A key holds a value of the wrong type.
    case wrongType(key: String, expected: String)
    /// A key holds a value outside its allowed range or set.
    case invalidValue(key: String, value: String, reason: String)
    /// The document expands (through YAML aliases) to more than `limit` values.
    case tooManyValues(path: String, limit: Int)
    /// A secret was written in the file; secrets come only from the environment.
    case secretInFile(key: String, environmentVariable: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read config '\(Excerpt.path(path))': \(Excerpt.of(reason, limit: Excerpt.pathLimit))"
        case .syntax(let path, let line, let message):
            return "config '\(Excerpt.path(path, line: line))' is not valid YAML: \(Excerpt.of(message, limit: Excerpt.pathLimit))"
        case .wrongType(let key, let expected):
            return "config key '\(Excerpt.of(key))' must be \(expected)"
        case .invalidValue(let key, let value, let reason):
            return "config key '\(Excerpt.of(key))' has invalid value '\(Excerpt.of(value))': \(reason)"
        case .tooManyValues(let path, let limit):
            return "config '\(Excerpt.path(path))' expands to more than \(limit) values (YAML aliases nested in aliases?); "
                + "write the settings out without aliases"
        case .secretInFile(let key, let variable):
            return
                "config key '\(key)' holds a secret; remove it from the file and set the environment variable \(variable) instead"
        }
    }
}
