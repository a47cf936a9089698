import Foundation

extension GRUModel {
    /// The value of `__metadata__["format"]` in Kilo GRU files.
    public static let fileFormat = "kilo-gru"

    /// The model as a safetensors file: `F32` tensors under their PyTorch `state_dict` names and
    /// string metadata `format`, `input_size`, `hidden_size`, `num_layers`, `sequence_length`,
    /// `feature_names` (JSON array), `feature_spec_hash`, `target_mean`, `target_std`, `seed` and
    /// `config` (JSON object with the `models.gru` keys).
    public func safetensorsFile() -> SafetensorsFile {
        let tensors = layout.entries.map { entry in
            SafetensorsTensor(name: entry.name, shape: entry.shape, float32: Array(parameters[entry.range]))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let names = (try? encoder.encode(featureNames)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        let configJSON = (try? encoder.encode(config)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let metadata = [
            "format": Self.fileFormat,
            "input_size": String(architecture.inputSize),
            "hidden_size": String(architecture.hiddenSize),
            "num_layers": String(architecture.layerCount),
            "sequence_length": String(sequenceLength),
            "feature_names": names,
            "feature_spec_hash": featureSpecHash,
            "target_mean": "\(targetMean)",
            "target_std": "\(targetStd)",
            "seed": String(seed),
            "config": configJSON,
        ]
        return SafetensorsFile(tensors: tensors, metadata: metadata)
    }

    /// Writes the model to `path` (the caller picks the name, for example
    /// `gru_model_BTCEUR_20250101_120000.safetensors`).
    public func save(to path: String) throws(GRUError) {
        do {
            try safetensorsFile().write(to: path)
        } catch {
            throw .file(error)
        }
    }

    /// Loads a model written by Kilo or by Python's `safetensors` from an equivalent PyTorch
    /// module's `state_dict` (F32 or F64 tensors) with the same metadata keys. `format`,
    /// `input_size`, `hidden_size`, `num_layers`, `sequence_length` and `feature_names` are
    /// required; `feature_spec_hash` (""), `target_mean` (0), `target_std` (1), `seed` (0) and
    /// `config` (defaults with the architecture keys filled in) are optional.
    public static func load(from path: String) throws(GRUError) -> GRUModel {
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile.read(from: path)
        } catch {
            throw .file(error)
        }
        return try GRUModel(file: file, path: path)
    }

    /// Builds a model from a parsed safetensors file; `path` names the file in errors.
    public init(file: SafetensorsFile, path: String) throws(GRUError) {
        func invalid(_ reason: String) -> GRUError { .invalidModelFile(path: path, reason: reason) }
        let meta = file.metadata
        guard meta["format"] == Self.fileFormat else {
            throw invalid("metadata 'format' is '\(Excerpt.of(meta["format"] ?? ""))', expected '\(Self.fileFormat)'")
        }
        func integer(_ key: String, minimum: Int) throws(GRUError) -> Int {
            guard let text = meta[key] else { throw invalid("metadata '\(key)' is missing") }
            guard let value = Int(text), value >= minimum else {
                throw invalid("metadata '\(key)' is '\(Excerpt.of(text))', expected an integer ≥ \(minimum)")
            }
            return value
        }
        let inputSize = try integer("input_size", minimum: 1)
        let hiddenSize = try integer("hidden_size", minimum: 2)
        let layerCount = try integer("num_layers", minimum: 1)
        let sequenceLength = try integer("sequence_length", minimum: 1)
        guard let namesText = meta["feature_names"] else { throw invalid("metadata 'feature_names' is missing") }
        guard let names = try? JSONDecoder().decode([String].self, from: Data(namesText.utf8)) else {
            throw invalid("metadata 'feature_names' is not a JSON array of strings")
        }
        guard names.count == inputSize else {
            throw invalid("metadata lists \(names.count) feature names but input_size is \(inputSize)")
        }
        func real(_ key: String, default value: Double) throws(GRUError) -> Double {
            guard let text = meta[key] else { return value }
            guard let parsed = Double(text), parsed.isFinite else {
                throw invalid("metadata '\(key)' is '\(Excerpt.of(text))', expected a finite number")
            }
            return parsed
        }
        let mean = try real("target_mean", default: 0)
        let std = try real("target_std", default: 1)
        guard std > 0 else { throw invalid("metadata 'target_std' must be positive") }
        guard sequenceLength <= GRUModel.maxSequenceLength else {
            throw invalid("metadata 'sequence_length' is \(sequenceLength), more than \(GRUModel.maxSequenceLength)")
        }
        var seed: UInt64 = 0
        if let text = meta["seed"] {
            guard let parsed = UInt64(text) else {
                throw invalid("metadata 'seed' is '\(Excerpt.of(text))', expected an integer")
            }
            seed = parsed
        }
        var config = GRUConfig()
        if let text = meta["config"] {
            guard let decoded = try? JSONDecoder().decode(GRUConfig.self, from: Data(text.utf8)) else {
                throw invalid("metadata 'config' is not a JSON object of models.gru settings")
            }
            config = decoded
        }
        config.hiddenSize = hiddenSize
        config.numLayers = layerCount
        config.sequenceLength = sequenceLength

        // Every size comes from the file: it must fit in Int and be bounded by the file's own
        // tensor bytes (a parameter takes 4 or 8) before anything is allocated; a tensor that is
        // merely missing or misshapen is named below.
        guard
            let parameterCount = Self.checkedParameterCount(
                inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount),
            parameterCount <= file.dataByteCount
        else {
            throw invalid(
                "metadata input_size \(inputSize), hidden_size \(hiddenSize), num_layers \(layerCount) need more "
                    + "parameters than the file's \(file.dataByteCount) bytes of tensors hold")
        }
        let architecture = GRUArchitecture(inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount)
        let layout = architecture.layout
        let expected = Set(layout.entries.map(\.name))
        if let extra = file.tensors.map(\.name).sorted().first(where: { !expected.contains($0) }) {
            throw invalid("unexpected tensor '\(Excerpt.of(extra))' for \(layerCount) layer(s)")
        }
        var parameters = [Float](repeating: 0, count: layout.count)
        for entry in layout.entries {
            guard let tensor = file.tensor(named: entry.name) else {
                throw .file(.missingTensor(path: path, name: entry.name))
            }
            let flat = tensor.elementCount
            guard tensor.shape == entry.shape || (entry.shape.count == 1 && flat == entry.count && tensor.shape.count <= 1)
            else {
                throw invalid("tensor '\(entry.name)' has shape \(Excerpt.of(describing: tensor.shape)), expected \(entry.shape)")
            }
            guard let values = tensor.floatValues() else {
                throw .file(.unsupportedDType(path: path, name: entry.name, dtype: tensor.dtype.rawValue))
            }
            parameters.replaceSubrange(entry.range, with: values)
        }
        try Self.checkFinite(parameters, layout: layout, path: path)
        try Self.checkMagnitudes(parameters, architecture: architecture, targetMean: mean, targetStd: std, path: path)
        self.init(
            architecture: architecture, sequenceLength: sequenceLength, parameters: parameters, featureNames: names,
            featureSpecHash: meta["feature_spec_hash"] ?? "", targetMean: mean, targetStd: std, seed: seed,
            config: config)
    }
}
