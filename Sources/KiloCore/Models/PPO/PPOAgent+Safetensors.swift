import Foundation

extension PPOAgent {
    /// The `format` metadata value.
    public static let fileFormat = "kilo-ppo"

    /// The agent as a safetensors file: every parameter tensor (`actor.*`, `critic.*`, F32), the
    /// observation statistics (`obs_rms.mean`, `obs_rms.var`, `obs_rms.count`, F64, when
    /// normalisation is on) and string metadata `format`, `observation_shape`, `feature_names`,
    /// `spec_hash`, `action_mapping`, `config` (JSON) and `seed`.
    public func safetensorsFile() -> SafetensorsFile {
        var tensors = policy.network.layout.entries.map { entry in
            SafetensorsTensor(name: entry.name, shape: entry.shape, float32: Array(policy.parameters[entry.range]))
        }
        if let normalizer = policy.normalizer {
            tensors.append(SafetensorsTensor(name: "obs_rms.mean", shape: [normalizer.size], float64: normalizer.mean))
            tensors.append(SafetensorsTensor(name: "obs_rms.var", shape: [normalizer.size], float64: normalizer.variance))
            tensors.append(SafetensorsTensor(name: "obs_rms.count", shape: [1], float64: [normalizer.count]))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json<V: Encodable>(_ value: V) -> String {
            (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? ""
        }
        let metadata: [String: String] = [
            "format": Self.fileFormat,
            "observation_shape": json(observationShape),
            "feature_names": json(featureNames),
            "spec_hash": specHash,
            "action_mapping": json(config.actionReturns),
            "config": json(config),
            "seed": String(config.seed),
        ]
        return SafetensorsFile(tensors: tensors, metadata: metadata)
    }

    /// Writes the agent to `path` (the store names it `ppo_model_{SYMBOL}_{YYYYMMDD_HHMMSS}.safetensors`).
    public func save(to path: String) throws(PPOError) {
        do throws(SafetensorsError) { try safetensorsFile().write(to: path) } catch { throw .file(error) }
    }

    /// Reads an agent written by `save(to:)`, checking the format, the declared observation shape
    /// against the configuration and feature names, and every tensor's shape.
    public static func load(from path: String) throws(PPOError) -> PPOAgent {
        let file: SafetensorsFile
        do throws(SafetensorsError) { file = try SafetensorsFile.read(from: path) } catch { throw .file(error) }
        return try decode(file, path: path)
    }

    /// Decodes a file's contents; `path` only names it in errors.
    public static func decode(_ file: SafetensorsFile, path: String) throws(PPOError) -> PPOAgent {
        func invalid(_ reason: String) -> PPOError { .invalidFile(path: path, reason: reason) }
        guard file.metadata["format"] == fileFormat else {
            throw invalid("metadata 'format' is '\(Excerpt.of(file.metadata["format"] ?? ""))', expected '\(fileFormat)'")
        }
        let decoder = JSONDecoder()
        func json<V: Decodable>(_ key: String, as type: V.Type) throws(PPOError) -> V {
            guard let text = file.metadata[key], let value = try? decoder.decode(V.self, from: Data(text.utf8)) else {
                throw invalid("metadata '\(key)' is missing or not valid JSON")
            }
            return value
        }
        let config = try json("config", as: PPOConfig.self)
        do throws(ConfigError) { try config.validate(prefix: "config") } catch {
            throw invalid("metadata \(error)")
        }
        let featureNames = try json("feature_names", as: [String].self)
        let declaredShape = try json("observation_shape", as: [Int].self)
        let specHash = file.metadata["spec_hash"] ?? ""
        let expectedShape = [config.sequenceLength, featureNames.count + PPOTradingObservation.portfolioFeatureCount]
        guard declaredShape == expectedShape else {
            throw .observationShapeMismatch(expected: expectedShape, actual: declaredShape)
        }
        // Every size comes from the file: it must fit in Int and be bounded by the file's own
        // tensor bytes (a parameter takes 4) before anything is allocated; a tensor that is merely
        // missing or misshapen is named below.
        guard let inputSize = CheckedSize.product(expectedShape),
            let parameterCount = checkedParameterCount(inputSize: inputSize, hiddenSizes: config.hiddenSizes, actionCount: 3),
            parameterCount <= file.dataByteCount
        else {
            throw invalid(
                "observation shape \(expectedShape) and hidden sizes \(config.hiddenSizes) need more parameters than "
                    + "the file's \(file.dataByteCount) bytes of tensors hold")
        }
        let network = PPONetwork(inputSize: inputSize, hiddenSizes: config.hiddenSizes, actionCount: 3)
        var parameters = [Float](repeating: 0, count: network.layout.count)
        for entry in network.layout.entries {
            guard let tensor = file.tensor(named: entry.name) else { throw .file(.missingTensor(path: path, name: entry.name)) }
            guard tensor.shape == entry.shape else {
                throw invalid("tensor '\(entry.name)' has shape \(Excerpt.of(describing: tensor.shape)), expected \(entry.shape)")
            }
            guard tensor.dtype == .f32, let values = tensor.floatValues() else {
                throw .file(.unsupportedDType(path: path, name: entry.name, dtype: tensor.dtype.rawValue))
            }
            parameters.replaceSubrange(entry.range, with: values)
        }
        var normalizer: PPOObservationNormalizer?
        if config.normalizeObservation {
            var arrays: [[Double]] = []
            for (name, count) in [("obs_rms.mean", network.inputSize), ("obs_rms.var", network.inputSize), ("obs_rms.count", 1)] {
                guard let tensor = file.tensor(named: name) else { throw .file(.missingTensor(path: path, name: name)) }
                guard tensor.dtype == .f64, tensor.shape == [count], let values = tensor.doubleValues() else {
                    throw invalid("tensor '\(name)' must be F64 of shape [\(count)]")
                }
                arrays.append(values)
            }
            normalizer = PPOObservationNormalizer(mean: arrays[0], variance: arrays[1], count: arrays[2][0])
        }
        try checkFinite(parameters, layout: network.layout, normalizer: normalizer, path: path)
        try checkMagnitudes(parameters, network: network, normalized: normalizer != nil, path: path)
        return try PPOAgent(
            config: config, featureNames: featureNames, specHash: specHash,
            policy: PPOPolicy(network: network, parameters: parameters, normalizer: normalizer))
    }
}
