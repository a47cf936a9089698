import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct GRUModelSafetensorsTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("gru_model_TEST_\(UInt64.random(in: 0...UInt64.max)).safetensors").path
    }

    func smallModel(seed: UInt64 = 99) -> GRUModel {
        let architecture = GRUArchitecture(inputSize: 5, hiddenSize: 8, layerCount: 2)
        var config = GRUConfig()
        config.hiddenSize = 8
        config.numLayers = 2
        config.sequenceLength = 7
        config.batchSize = 512  // as when the committed fixture was written (independent of the defaults)
        config.seed = Int(seed)
        return GRUModel(
            architecture: architecture, sequenceLength: 7, parameters: architecture.initialParameters(seed: seed),
            featureNames: (0..<5).map { "f\($0)" }, featureSpecHash: "abc123", targetMean: 0.000123456789,
            targetStd: 0.0123, seed: seed, config: config)
    }

    @Test func pyTorchFileLoadsWithItsMetadata() throws {
        let fixture = try GRUFixture()
        let model = fixture.model
        #expect(model.architecture == GRUArchitecture(inputSize: 5, hiddenSize: 8, layerCount: 2))
        #expect(model.sequenceLength == 7)
        #expect(model.featureNames == ["f0", "f1", "f2", "f3", "f4"])
        #expect(model.targetMean == 0.25 && model.targetStd == 2.0 && model.seed == 1234)
        #expect(model.featureSpecHash == "torch-fixture")
    }

    @Test func forwardAndGradientsAgreeWithPyTorch() throws {
        let fixture = try GRUFixture()
        let ws = fixture.workspace()
        var parameters = fixture.model.parameters
        var gradients = [Float](repeating: 0, count: parameters.count)
        let y = fixture.floats("y")
        var generator = SplitMix64(seed: 0)
        var loss: Float = 0
        var output: [Float] = []
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                let out = GRUNetwork.forward(
                    parameters: p.baseAddress!, workspace: ws, batch: 4, training: false, dropout: 0, generator: &generator)
                output = Array(UnsafeBufferPointer(start: out, count: 4))
                loss = MSELoss.forward(prediction: out, target: y, count: 4)
                MSELoss.backward(predictionGradient: ws.outputGradient, prediction: out, target: y, count: 4)
                GRUNetwork.backward(parameters: p.baseAddress!, gradients: g.baseAddress!, workspace: ws)
            }
        }
        for (a, b) in zip(output, fixture.floats("output")) { #expect(abs(a - b) <= 1e-5) }
        #expect(abs(loss - fixture.floats("loss")[0]) <= 1e-5)
        for entry in fixture.model.layout.entries {
            let expected = fixture.floats("grad." + entry.name)
            #expect(expected.count == entry.count)
            let worst = zip(gradients[entry.range], expected).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-5, "gradient of \(entry.name) differs by \(worst)")
        }
        // One clipped Adam step with L2 weight decay, as torch.optim.Adam after clip_grad_norm_.
        let meta = fixture.case_.metadata
        GradientClipping.clipGlobalNorm(&gradients, maxNorm: Double(meta["grad_clip"]!)!)
        var adam = Adam(
            parameterCount: parameters.count, learningRate: Double(meta["lr"]!)!, beta1: Double(meta["beta1"]!)!,
            beta2: Double(meta["beta2"]!)!, epsilon: Double(meta["eps"]!)!, weightDecay: Double(meta["weight_decay"]!)!)
        adam.step(parameters: &parameters, gradients: gradients)
        for entry in fixture.model.layout.entries {
            let worst = zip(parameters[entry.range], fixture.floats("step." + entry.name)).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-5, "Adam step of \(entry.name) differs by \(worst)")
        }
    }

    @Test func saveLoadRoundTripIsBitExact() throws {
        let model = smallModel()
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try GRUModel.load(from: path)
        #expect(loaded.parameters.map(\.bitPattern) == model.parameters.map(\.bitPattern))
        #expect(loaded == model)
        #expect(loaded.safetensorsFile().encoded() == model.safetensorsFile().encoded())
        let meta = try SafetensorsFile.read(from: path).metadata
        #expect(meta["format"] == "kilo-gru")
        #expect(meta["feature_names"] == "[\"f0\",\"f1\",\"f2\",\"f3\",\"f4\"]")
        #expect(meta["config"]?.contains("\"hidden_size\":8") == true)
        for key in ["input_size", "hidden_size", "num_layers", "sequence_length", "feature_spec_hash", "target_mean", "target_std", "seed"] {
            #expect(meta[key] != nil, "missing metadata \(key)")
        }
    }

    /// The committed Kilo-written file is what Kilo writes today, and PyTorch (bench/gru/make_fixture.py
    /// --check-kilo, output committed as kilo_model_torch_outputs.json) computes the same outputs from it.
    @Test func kiloFileLoadsIntoPyTorch() throws {
        let path = RepoPaths.path("Tests/Fixtures/gru/kilo_model.safetensors")
        let model = smallModel()
        if ProcessInfo.processInfo.environment["KILO_REGENERATE_FIXTURES"] == "1" { try model.save(to: path) }
        let committed = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect([UInt8](committed) == model.safetensorsFile().encoded())
        let json = try Data(contentsOf: URL(fileURLWithPath: RepoPaths.path("Tests/Fixtures/gru/kilo_model_torch_outputs.json")))
        let torch = try JSONDecoder().decode(TorchOutputs.self, from: json)
        let features = try GRUFixture().floats("score_features")
        let ours = try model.rawPredictions(features: features, columnCount: 5)
        #expect(torch.format == "kilo-gru")
        #expect(ours.count == torch.outputs.count && ours.count == 6)
        for (a, b) in zip(ours, torch.outputs) { #expect(abs(Double(a) - b) <= 1e-5) }
    }

    struct TorchOutputs: Decodable {
        let format: String
        let outputs: [Double]
    }

    @Test func rejectsFilesThatAreNotGRUModels() throws {
        let good = smallModel().safetensorsFile()
        func reason(_ file: SafetensorsFile) -> String {
            do {
                _ = try GRUModel(file: file, path: "m.safetensors")
                return ""
            } catch {
                #expect(error.description.contains("'m.safetensors'"))
                return error.description
            }
        }
        var wrongFormat = good
        wrongFormat.metadata["format"] = "kilo-ppo"
        #expect(reason(wrongFormat).contains("format"))
        var badNames = good
        badNames.metadata["feature_names"] = "[\"a\"]"
        #expect(reason(badNames).contains("feature names"))
        var missing = good
        missing.tensors.removeAll { $0.name == "fc1.bias" }
        #expect(reason(missing).contains("fc1.bias"))
        var wrongLayers = good
        wrongLayers.metadata["num_layers"] = "1"
        #expect(reason(wrongLayers).contains("unexpected tensor 'gru.bias_hh_l1'"))
        var wrongShape = good
        wrongShape.metadata["hidden_size"] = "6"
        #expect(reason(wrongShape).contains("shape"))
        #expect(throws: GRUError.self) { try GRUModel.load(from: "/nonexistent/gru.safetensors") }
    }
}

extension GRUModelSafetensorsTests {
    /// A state_dict saved in float64 loads too (rounded to Float, exact for values that came from Float).
    @Test func float64TensorsLoad() throws {
        let fixture = try GRUFixture()
        var file = fixture.model.safetensorsFile()
        file.tensors = file.tensors.map { t in
            SafetensorsTensor(name: t.name, shape: t.shape, float64: (t.floatValues() ?? []).map(Double.init))
        }
        let model = try GRUModel(file: file, path: "f64.safetensors")
        #expect(model.parameters == fixture.model.parameters)
        var halves = file
        halves.tensors[0] = SafetensorsTensor(
            name: file.tensors[0].name, dtype: .f16, shape: file.tensors[0].shape,
            bytes: [UInt8](repeating: 0, count: file.tensors[0].elementCount * 2))
        #expect(throws: GRUError.file(.unsupportedDType(path: "f16.safetensors", name: "gru.weight_ih_l0", dtype: "F16"))) {
            try GRUModel(file: halves, path: "f16.safetensors")
        }
    }
}
