import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// Hostile model and preprocessor files (built in the test from valid ones): every size read from
/// a file is overflow-checked and bounded by the file, every loaded number is finite, and the
/// error names the tensor, key or column.
@Suite struct HostileLoaderTests {
    /// A safetensors file whose header is `header` (JSON text) followed by `data`.
    static func safetensors(header: String, data: [UInt8]) -> [UInt8] {
        let json = Array(header.utf8)
        let length = UInt64(json.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + json + data
    }

    /// The GRU fixture with tensor `name`'s element 0 replaced by `value`.
    static func gruFile(setting name: String, to value: Float) throws -> SafetensorsFile {
        var file = try SafetensorsFile.read(from: RepoPaths.path("Tests/Fixtures/gru/kilo_model.safetensors"))
        let index = try #require(file.tensors.firstIndex { $0.name == name })
        let tensor = file.tensors[index]
        var values = try #require(tensor.floatValues())
        values[0] = value
        file.tensors[index] = SafetensorsTensor(name: name, shape: tensor.shape, float32: values)
        return file
    }

    /// A small valid PPO agent (2 features, window 2, one hidden layer of 4, normalised).
    static func ppoAgent() throws -> PPOAgent {
        var config = PPOConfig()
        config.sequenceLength = 2
        config.hiddenSizes = [4]
        let network = PPONetwork(inputSize: 2 * 6, hiddenSizes: [4], actionCount: 3)
        var generator = SplitMix64(seed: 1)
        let policy = PPOPolicy(
            network: network, parameters: network.initialParameters(generator: &generator),
            normalizer: PPOObservationNormalizer(size: 12))
        return try PPOAgent(config: config, featureNames: ["a", "b"], specHash: "h", policy: policy)
    }

    @Test func overflowingShapeIsACorruptFileNotATrap() {
        let bytes = Self.safetensors(
            header: #"{"w":{"dtype":"F32","shape":[2147483647,2147483647,2],"data_offsets":[0,8]}}"#,
            data: [UInt8](repeating: 0, count: 8))
        #expect(throws: SafetensorsError.self) { try SafetensorsFile.decode(bytes, path: "x.safetensors") }
        do {
            _ = try SafetensorsFile.decode(bytes, path: "x.safetensors")
        } catch {
            #expect(error.description.contains("tensor 'w' has shape [2147483647, 2147483647, 2], whose size overflows"))
        }
    }

    @Test func gruWithNaNWeightIsRefusedNamingTheTensor() throws {
        let file = try Self.gruFile(setting: "gru.weight_hh_l0", to: .nan)
        #expect(throws: GRUError.self) { try GRUModel(file: file, path: "m.safetensors") }
        do {
            _ = try GRUModel(file: file, path: "m.safetensors")
        } catch {
            #expect(error.description.contains("tensor 'gru.weight_hh_l0' holds nan at element 0; weights must be finite"))
        }
    }

    @Test func gruWhoseOutputCouldOverflowIsRefused() throws {
        let file = try Self.gruFile(setting: "fc2.weight", to: 3e38)
        do {
            _ = try GRUModel(file: file, path: "m.safetensors")
            Issue.record("a GRU whose output can overflow Float loaded")
        } catch {
            #expect(error.description.contains("tensor 'fc2.weight' is too large"))
        }
        // The same weight at a sane size loads.
        _ = try GRUModel(file: try Self.gruFile(setting: "fc2.weight", to: 3), path: "m.safetensors")
    }

    @Test func gruMetadataSizesBeyondTheFileAreRefusedBeforeAllocating() throws {
        var file = try SafetensorsFile.read(from: RepoPaths.path("Tests/Fixtures/gru/kilo_model.safetensors"))
        for (key, value) in [("hidden_size", "4611686018427387904"), ("num_layers", "9223372036854775807"), ("hidden_size", "100000")] {
            var hostile = file
            hostile.metadata[key] = value
            do {
                _ = try GRUModel(file: hostile, path: "m.safetensors")
                Issue.record("\(key)=\(value) loaded")
            } catch {
                #expect(error.description.contains("need more parameters than the file's"), "\(error)")
            }
        }
        file.metadata["sequence_length"] = "9223372036854775807"
        #expect(throws: GRUError.self) { try GRUModel(file: file, path: "m.safetensors") }
    }

    @Test func ppoWithNaNWeightsOrBadStatisticsIsRefused() throws {
        let agent = try Self.ppoAgent()
        let valid = agent.safetensorsFile()
        #expect(try PPOAgent.decode(valid, path: "p") == agent)
        for (name, value, expected) in [
            ("actor.0.weight", Double.nan, "tensor 'actor.0.weight' holds nan"),
            ("critic.2.bias", Double.infinity, "tensor 'critic.2.bias' holds inf"),
            ("obs_rms.var", -1, "tensor 'obs_rms.var' holds -1.0"),
            ("obs_rms.count", 0, "tensor 'obs_rms.count' holds 0.0"),
        ] {
            var file = valid
            let index = try #require(file.tensors.firstIndex { $0.name == name })
            let tensor = file.tensors[index]
            if tensor.dtype == .f32 {
                var values = try #require(tensor.floatValues())
                values[0] = Float(value)
                file.tensors[index] = SafetensorsTensor(name: name, shape: tensor.shape, float32: values)
            } else {
                var values = try #require(tensor.doubleValues())
                values[0] = value
                file.tensors[index] = SafetensorsTensor(name: name, shape: tensor.shape, float64: values)
            }
            do {
                _ = try PPOAgent.decode(file, path: "p")
                Issue.record("\(name) = \(value) loaded")
            } catch {
                #expect(error.description.contains(expected), "\(error)")
            }
        }
    }

    @Test func ppoNonFiniteLogitsAreAnErrorNotASilentHold() throws {
        let agent = try Self.ppoAgent()
        var parameters = agent.policy.parameters
        parameters[agent.policy.network.actor[0].biasOffset] = .nan
        let broken = try PPOAgent(
            config: agent.config, featureNames: agent.featureNames, specHash: agent.specHash,
            policy: PPOPolicy(network: agent.policy.network, parameters: parameters, normalizer: agent.policy.normalizer))
        let observation = [Float](repeating: 0.5, count: 12)
        #expect(throws: PPOError.self) { try broken.expectedReturn(observation: observation, shape: [2, 6]) }
        #expect(throws: Never.self) { try agent.expectedReturn(observation: observation, shape: [2, 6]) }
    }

    @Test func ppoConfigOutOfRangeIsRefusedNotATrap() throws {
        var file = try Self.ppoAgent().safetensorsFile()
        file.metadata["config"] = #"{"hidden_sizes":[0]}"#
        do {
            _ = try PPOAgent.decode(file, path: "p")
            Issue.record("hidden_sizes [0] loaded")
        } catch {
            #expect(error.description.contains("config.hidden_sizes"), "\(error)")
        }
    }

    static let lightgbm = (try? String(contentsOfFile: RepoPaths.path("Tests/Fixtures/gbdt/regression.txt"), encoding: .utf8)) ?? ""

    /// The regression fixture with every line starting `prefix` replaced by `line`.
    static func lightgbm(replacing prefix: String, with line: String) -> String {
        lightgbm.components(separatedBy: "\n").map { $0.hasPrefix(prefix) ? line : $0 }.joined(separator: "\n")
    }

    @Test(arguments: [
        ("max_feature_idx=", "max_feature_idx=9223372036854775807", "5 feature names for max_feature_idx=9223372036854775807"),
        ("num_leaves=", "num_leaves=9223372036854775807", "num_leaves 9223372036854775807 is more than"),
        ("leaf_value=", "leaf_value=nan 1 1 1 1 1 1 1 1 1 1 1 1 1 1", "'leaf_value' holds nan; values must be finite"),
        ("threshold=", "threshold=nan 1 1 1 1 1 1 1 1 1 1 1 1 1", "'threshold' holds nan"),
        ("leaf_value=", "leaf_value=1e308 1e308 1e308 1 1 1 1 1 1 1 1 1 1 1 1", "the leaf values can add up to"),
        ("objective=", "objective=binary sigmoid:nan", "objective 'binary sigmoid:nan'"),
        ("objective=", "objective=poisson", "under objective 'poisson' is not finite"),
    ])
    func lightgbmHostileFieldsAreRefused(prefix: String, line: String, expected: String) {
        var text = Self.lightgbm(replacing: prefix, with: line)
        if line == "objective=poisson" { text = text.replacingOccurrences(of: "leaf_value=0.788", with: "leaf_value=800.788") }
        do {
            _ = try Booster.parse(text: text, path: "m.txt")
            Issue.record("'\(line)' loaded")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
        }
    }

    static func preprocessorJSON(scales: String, centers: String = "[0, 0]", names: String = #"["a", "b"]"#) -> String {
        """
        {"symbol": "X", "featureNames": \(names), "specHash": "h", "scaler": "standard", "centers": \(centers),
         "scales": \(scales), "fillValues": [0, "NaN"], "clip": 5, "ffillLimit": 2, "trainRows": [0, 10],
         "trainingRowCount": 10}
        """
    }

    @Test(arguments: [
        (preprocessorJSON(scales: "[1, 0]"), "column 'b' has scale 0.0; it must be positive and finite"),
        (preprocessorJSON(scales: #"[1, "NaN"]"#), "column 'b' has scale nan"),
        (preprocessorJSON(scales: "[1, 2]", centers: #"["inf", 0]"#), "column 'a' has center inf"),
        (preprocessorJSON(scales: "[1]"), "2 feature names but 2 centers, 1 scales"),
        ("{\"symbol\": 3}", "cannot read"),
    ])
    func unusablePreprocessorIsRefusedNamingTheColumn(json: String, expected: String) throws {
        let path = NSTemporaryDirectory() + "preprocessor-\(UUID().uuidString).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try Preprocessor.load(from: path)
            Issue.record("loaded")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
            #expect(!error.description.contains("Swift.DecodingError"), "\(error)")
        }
        #expect(try Preprocessor.load(from: { () throws -> String in
            let good = NSTemporaryDirectory() + "preprocessor-\(UUID().uuidString).json"
            try Self.preprocessorJSON(scales: "[1, 2]").write(toFile: good, atomically: true, encoding: .utf8)
            return good
        }()).scales == [1, 2])
    }

    @Test func scoreRefusesANonFinitePredictionNamingTheRow() throws {
        let table = ScoreTable(
            timestamps: ["t0", "t1", "t2"], columnNames: ["a"],
            features: DenseMatrix(rowCount: 3, columnCount: 1, values: [1, .nan, 3]))
        try Engine.requireFinite([1, 2], firstRow: 1, model: "m", table: table, window: 2)
        do {
            try Engine.requireFinite([1, .nan], firstRow: 1, model: "m", table: table, window: 2)
            Issue.record("a NaN prediction passed")
        } catch {
            #expect(error == .nonFinitePrediction(path: "m", row: 3, timestamp: "t2", value: .nan, inputNonFinite: true) || error.description.hasPrefix("model 'm' predicts nan for data row 3 ('t2': its input holds a non-finite feature)"))
        }
    }
}
