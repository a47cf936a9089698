/// One model's search space as `config.yaml` writes it (`tune.spaces.gru`): an ordered mapping of
/// the model's config keys to their domains,
///
/// ```yaml
/// sequence_length: {type: int, low: 10, high: 60}
/// learning_rate: {type: log-float, low: 1e-5, high: 1e-3}
/// batch_size: {type: categorical, choices: [32, 64, 128]}
/// ```
///
/// Types: `int`, `log-int`, `float`, `log-float`, `categorical`. The parameters are kept sorted by
/// name, whatever the file's order: the order fixes how a seed turns into suggestions, and a mapping
/// read from JSON (a job line, a manifest) has no order of its own, so only a canonical one makes the
/// same space the same study everywhere.
public struct TuneSpace: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The parameters, sorted by name.
    public var space: SearchSpace

    public init(_ parameters: [SearchSpace.Parameter]) {
        space = SearchSpace(parameters: parameters.sorted { $0.name < $1.name })
    }

    /// The original bot's GRU space (with Kilo's key names): seq_len 10–60, hidden 32–256,
    /// layers 1–4, dropout 0–0.5, lr 1e-5–1e-3 (log), batch {32, 64, 128}.
    public static let gruDefault = TuneSpace([
        .init(name: "sequence_length", domain: .int(low: 10, high: 60, log: false)),
        .init(name: "hidden_size", domain: .int(low: 32, high: 256, log: false)),
        .init(name: "num_layers", domain: .int(low: 1, high: 4, log: false)),
        .init(name: "dropout", domain: .float(low: 0, high: 0.5, log: false)),
        .init(name: "learning_rate", domain: .float(low: 1e-5, high: 1e-3, log: true)),
        .init(name: "batch_size", domain: .categorical([.int(32), .int(64), .int(128)])),
    ])

    /// The original bot's LightGBM space (num_leaves 31–255, max_depth 4–12, learning_rate
    /// 1e-3–0.2 log, num_iterations 100–1200) plus the leaf-size regulariser `min_data_in_leaf`
    /// 20–400, the one of Kilo's regularisation keys that moves the noisy-return fits most.
    public static let lightgbmDefault = TuneSpace([
        .init(name: "num_leaves", domain: .int(low: 31, high: 255, log: false)),
        .init(name: "max_depth", domain: .int(low: 4, high: 12, log: false)),
        .init(name: "learning_rate", domain: .float(low: 1e-3, high: 0.2, log: true)),
        .init(name: "num_iterations", domain: .int(low: 100, high: 1200, log: false)),
        .init(name: "min_data_in_leaf", domain: .int(low: 20, high: 400, log: false)),
    ])

    // MARK: - YAML form

    private enum EntryKey: String, CodingKey { case type, low, high, choices }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ConfigCodingKey.self)
        var parameters: [SearchSpace.Parameter] = []
        for key in container.allKeys {
            let entry = try container.nestedContainer(keyedBy: EntryKey.self, forKey: key)
            let type = try entry.decode(String.self, forKey: .type)
            let domain: ParameterDomain
            switch type {
            case "int", "log-int":
                domain = .int(
                    low: try entry.decode(Int.self, forKey: .low), high: try entry.decode(Int.self, forKey: .high),
                    log: type == "log-int")
            case "float", "log-float":
                domain = .float(
                    low: try entry.decode(Double.self, forKey: .low), high: try entry.decode(Double.self, forKey: .high),
                    log: type == "log-float")
            case "categorical":
                domain = .categorical(try entry.decode([CategoricalChoice].self, forKey: .choices).map(\.value))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .type, in: entry,
                    debugDescription: "type '\(type)' is not one of int, log-int, float, log-float, categorical")
            }
            parameters.append(.init(name: key.stringValue, domain: domain))
        }
        self.init(parameters)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ConfigCodingKey.self)
        for parameter in space.parameters {
            var entry = container.nestedContainer(keyedBy: EntryKey.self, forKey: ConfigCodingKey(parameter.name))
            switch parameter.domain {
            case .int(let low, let high, let log):
                try entry.encode(log ? "log-int" : "int", forKey: .type)
                try entry.encode(low, forKey: .low)
                try entry.encode(high, forKey: .high)
            case .float(let low, let high, let log):
                try entry.encode(log ? "log-float" : "float", forKey: .type)
                try entry.encode(low, forKey: .low)
                try entry.encode(high, forKey: .high)
            case .categorical(let choices):
                try entry.encode("categorical", forKey: .type)
                try entry.encode(choices.map(CategoricalChoice.init), forKey: .choices)
            }
        }
    }

    /// `name int 10…60, learning_rate log-float 1e-05…0.001, batch_size {32, 64, 128}` (the
    /// README's default column).
    public var description: String {
        space.parameters.map { parameter in
            switch parameter.domain {
            case .int(let low, let high, let log): "\(parameter.name) \(log ? "log-int" : "int") \(low)…\(high)"
            case .float(let low, let high, let log):
                "\(parameter.name) \(log ? "log-float" : "float") \(ConfigReference.render(low))…\(ConfigReference.render(high))"
            case .categorical(let choices): "\(parameter.name) {\(choices.map(\.description).joined(separator: ", "))}"
            }
        }.joined(separator: ", ")
    }

    // MARK: - Checks

    /// Checks every entry against `model`'s key table: the name is a key of the section (else
    /// "did you mean"), the range is not empty, a log range starts above 0, the values decode as
    /// the key's type, and the bounds and choices pass the section's own rules.
    /// - Parameter path: The space's dotted path (`tune.spaces.gru`); errors name `path.KEY`.
    /// - Throws: `ConfigError` naming the entry.
    /// - Complexity: O(parameters × keys).
    public func check(model: TuneModel, path: String) throws(ConfigError) {
        let names = model.keyNames
        var seen: Set<String> = []
        for parameter in space.parameters {
            let key = ConfigKeyPath.join(path, parameter.name)
            guard names.contains(parameter.name) else {
                let hint = Suggestions.closest(to: parameter.name, among: names).map { "; did you mean '\($0)'?" } ?? ""
                throw .invalidValue(
                    key: key, value: parameter.name, reason: "\(model.sectionPath) has no key '\(parameter.name)'\(hint)")
            }
            guard seen.insert(parameter.name).inserted else {
                throw .invalidValue(key: key, value: parameter.name, reason: "the parameter is listed twice")
            }
            let probes: [ParameterValue]
            switch parameter.domain {
            case .int(let low, let high, let log):
                guard low <= high else { throw .invalidValue(key: key, value: "\(low)…\(high)", reason: "the range is empty (low > high)") }
                guard !log || low > 0 else {
                    throw .invalidValue(key: key, value: "\(low)…\(high)", reason: "a log range needs low > 0")
                }
                probes = [.int(low), .int(high)]
            case .float(let low, let high, let log):
                guard low.isFinite, high.isFinite, low < high else {
                    throw .invalidValue(key: key, value: "\(low)…\(high)", reason: "the range is empty (low must be below high)")
                }
                guard !log || low > 0 else {
                    throw .invalidValue(key: key, value: "\(low)…\(high)", reason: "a log range needs low > 0")
                }
                // A real-valued range needs a key that takes reals: 0.5 is decoded (not range-checked).
                do {
                    _ = try model.applying([parameter.name: .float(0.5)], to: EngineConfig(), validate: false)
                } catch {
                    throw .wrongType(key: key, expected: "int or categorical (\(model.sectionPath).\(parameter.name) takes no real numbers)")
                }
                probes = [.float(low), .float(high)]
            case .categorical(let choices):
                guard !choices.isEmpty else { throw .invalidValue(key: key, value: "[]", reason: "the choices are empty") }
                guard Set(choices).count == choices.count else {
                    throw .invalidValue(key: key, value: "\(choices)", reason: "a choice is listed twice")
                }
                probes = choices
            }
            for probe in probes {
                do {
                    _ = try model.applying([parameter.name: probe], to: EngineConfig())
                } catch {
                    switch error {
                    case .wrongType(_, let expected):
                        throw .wrongType(key: key, expected: "\(expected) (the type of \(model.sectionPath).\(parameter.name))")
                    case .invalidValue(let inner, let value, let reason):
                        throw .invalidValue(key: key, value: value, reason: "\(inner): \(reason)")
                    default: throw error
                    }
                }
            }
        }
    }
}

/// A categorical choice in YAML: a whole number, a real or text, kept as read.
struct CategoricalChoice: Codable {
    var value: ParameterValue

    init(_ value: ParameterValue) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let int = try? container.decode(Int.self) {
            value = .int(int)
        } else if let real = try? container.decode(Double.self) {
            value = .float(real)
        } else {
            value = .string(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .int(let v): try container.encode(v)
        case .float(let v): try container.encode(v)
        case .string(let v): try container.encode(v)
        }
    }
}
