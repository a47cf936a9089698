import KiloTestSupport

@testable import KiloCore

/// The PyTorch-made case in Tests/Fixtures/gru (written by bench/gru/make_fixture.py).
struct GRUFixture {
    let model: GRUModel
    let case_: SafetensorsFile
    let batch = 4, steps = 7, inputs = 5

    init() throws {
        model = try GRUModel.load(from: RepoPaths.path("Tests/Fixtures/gru/torch_model.safetensors"))
        case_ = try SafetensorsFile.read(from: RepoPaths.path("Tests/Fixtures/gru/torch_case.safetensors"))
    }

    func floats(_ name: String) -> [Float] { case_.tensor(named: name)?.floatValues() ?? [] }

    /// `x` `[B, T, D]` batch-first, loaded time-major into a workspace.
    func workspace() -> GRUWorkspace<Float> {
        let ws = GRUWorkspace<Float>(architecture: model.architecture, steps: steps, batchCapacity: batch)
        let x = floats("x")
        for b in 0..<batch {
            for t in 0..<steps {
                for d in 0..<inputs { ws.input[(t * batch + b) * inputs + d] = x[(b * steps + t) * inputs + d] }
            }
        }
        return ws
    }
}
