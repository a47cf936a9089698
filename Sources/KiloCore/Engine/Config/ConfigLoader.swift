import Foundation
import Yams

/// A decoded config with what was learned while reading it.
public struct LoadedConfig: Sendable, Equatable {
    /// The typed, validated settings.
    public var config: EngineConfig
    /// The file read, or `nil` when the defaults were used because no file exists.
    public var path: String?
    /// SHA-256 of the file's bytes (of the empty string when no file was read).
    public var sha256: String
    /// Warnings: unknown keys (with a suggestion) and environment problems.
    public var warnings: [String]

    /// The defaults, read from no file.
    public static let defaults = LoadedConfig(
        config: EngineConfig(), path: nil, sha256: SHA256.hex(of: ""), warnings: [])
}

/// Reads `config.yaml` into an `EngineConfig`.
///
/// Every key has a default. An unknown key is a warning naming it (with a "did you mean");
/// a value of the wrong type is an error naming the key and the expected type; a secret written
/// in the file is refused with the environment variable to use instead.
public enum ConfigLoader {
    /// Reads and validates the config at `path`. Every error thrown is a `ConfigError`.
    /// - Parameters:
    ///   - path: The YAML file.
    ///   - environment: Process environment, for credential checks.
    /// - Throws: `ConfigError`.
    public static func load(path: String, environment: [String: String] = [:]) throws -> LoadedConfig {
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.read(path, limit: maxFileBytes)
        } catch {
            let reason: String
            switch error {
            case .unreadable(let text): reason = FileManager.default.fileExists(atPath: path) ? text : "no such file"
            case .notRegular(let kind): reason = "it is \(kind), not a regular file"
            case .tooLarge(let size, let limit): reason = "it is \(size) bytes; a config holds at most \(limit)"
            case .cancelled: reason = "interrupted"
            }
            throw ConfigError.unreadable(path: path, reason: reason)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError.unreadable(path: path, reason: "not UTF-8 text")
        }
        var loaded = try parse(text, path: path, environment: environment)
        loaded.sha256 = SHA256.hex(of: bytes)
        return loaded
    }

    /// The largest config file read: 1 MiB.
    public static let maxFileBytes = 1 << 20

    /// The most values (mappings, lists, scalars — each alias counted at every use) a config may
    /// expand to, checked by `YAMLExpansion` before the text is composed. Every later walk of the
    /// document (secret check, decoding, unknown-key warnings) visits at most this many, so a
    /// "billion laughs" of nested aliases fails at once.
    public static let maxValues = 100_000

    /// Parses config text (`path` is only used in messages).
    /// - Throws: `ConfigError`.
    public static func parse(_ text: String, path: String, environment: [String: String] = [:]) throws
        -> LoadedConfig
    {
        guard YAMLExpansion.fits(text, limit: maxValues) else {
            throw ConfigError.tooManyValues(path: path, limit: maxValues)
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, path: path)
        } catch {
            throw ConfigError.syntax(path: path, line: nil, message: "\(error)")
        }
        guard let root = node else {
            return LoadedConfig(config: EngineConfig(), path: path, sha256: SHA256.hex(of: text), warnings: [])
        }
        guard root.mapping != nil else {
            throw ConfigError.wrongType(key: "(top level)", expected: "a mapping of sections")
        }
        try refuseSecrets(in: root, path: "")
        let config: EngineConfig
        do {
            config = try YAMLDecoder().decode(EngineConfig.self, from: root)
        } catch let error as DecodingError {
            throw translate(error)
        } catch {
            throw ConfigError.syntax(path: path, line: nil, message: "\(error)")
        }
        try config.validate()
        var warnings = unknownKeys(in: root, path: "", known: EngineConfig.reference).map { "\(path):\($0)" }
        warnings += config.notifications.environmentWarnings(environment)
        return LoadedConfig(config: config, path: path, sha256: SHA256.hex(of: text), warnings: warnings)
    }

    // MARK: - Unknown keys

    /// Warnings for the keys under `node` that `known` does not declare (aliases are accepted
    /// silently; a value key is not walked into, so free-form mappings keep any keys).
    private static func unknownKeys(in node: Node, path: String, known: [ConfigKeyReference]) -> [String] {
        guard let mapping = node.mapping else { return [] }
        var warnings: [String] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { continue }
            let keyPath = ConfigKeyPath.join(path, key)
            let line = keyNode.mark?.line ?? 0
            if known.contains(where: { $0.aliases.contains(key) }) { continue }
            guard let entry = known.first(where: { $0.name == key }) else {
                let hint = Suggestions.closest(to: key, among: known.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                warnings.append("\(line): unknown config key '\(keyPath)' is ignored\(hint)")
                continue
            }
            if let children = entry.children {
                warnings += unknownKeys(in: valueNode, path: keyPath, known: children)
            }
        }
        return warnings
    }

    // MARK: - Secrets

    /// Key names that hold credentials anywhere in the file.
    static let secretKeyNames: Set<String> = [
        "token", "bot_token", "api_key", "api_secret", "secret", "secret_key", "password", "chat_id",
        "private_key", "passphrase",
    ]

    private static func refuseSecrets(in node: Node, path: String) throws(ConfigError) {
        guard let mapping = node.mapping else { return }
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { continue }
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            if secretKeyNames.contains(key.lowercased()), let value = valueNode.scalar?.string, !value.isEmpty,
                value != "~", value.lowercased() != "null"
            {
                throw .secretInFile(key: keyPath, environmentVariable: environmentVariable(for: keyPath))
            }
            try refuseSecrets(in: valueNode, path: keyPath)
        }
    }

    /// The environment variable that carries the secret at `keyPath`.
    public static func environmentVariable(for keyPath: String) -> String {
        if let known = NotificationsConfig.secretVariables[keyPath] { return known }
        let parts = keyPath.split(separator: ".").filter { $0 != "notifications" }
        return "KILO_" + parts.joined(separator: "_").uppercased()
    }

    // MARK: - Errors

    private static func syntaxError(_ error: YamlError, path: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return .syntax(path: path, line: mark.line, message: problem)
        default:
            return .syntax(path: path, line: nil, message: "\(error)")
        }
    }

    static func translate(_ error: DecodingError) -> ConfigError {
        func keyPath(_ codingPath: [any CodingKey]) -> String {
            let parts = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            return parts.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return .wrongType(key: keyPath(context.codingPath), expected: describe(type))
        case .valueNotFound(let type, let context):
            return .wrongType(key: keyPath(context.codingPath), expected: describe(type))
        case .dataCorrupted(let context):
            return .invalidValue(
                key: keyPath(context.codingPath), value: "", reason: context.debugDescription)
        case .keyNotFound(let key, let context):
            return .invalidValue(
                key: keyPath(context.codingPath + [key]), value: "", reason: "missing")
        @unknown default:
            return .invalidValue(key: "", value: "", reason: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "text"
        case is [String].Type: return "a list of text"
        case is [Double].Type: return "a list of numbers"
        case is [Int].Type: return "a list of whole numbers"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.contains("Sequence") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a mapping" }
            return "a mapping (\(name))"
        }
    }
}
