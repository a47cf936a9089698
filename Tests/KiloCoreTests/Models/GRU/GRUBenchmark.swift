import Foundation
import Testing

@testable import KiloCore

/// Speed measurements for bench/gru/run.sh; runs only with KILO_BENCH=1 (release build), never
/// asserts on time. Prints one `KILO_BENCH {json}` line per case.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KILO_BENCH"] == "1"), .serialized)
struct GRUBenchmark {
    static var threads: Int { Int(ProcessInfo.processInfo.environment["KILO_BENCH_THREADS"] ?? "1") ?? 1 }

    struct Case {
        let name: String, inputs: Int, hidden: Int, layers: Int, steps: Int, batch: Int, batches: Int
    }

    static let cases = [
        Case(name: "h64_l2_b64", inputs: 40, hidden: 64, layers: 2, steps: 60, batch: 64, batches: 30),
        Case(name: "h128_l3_b512", inputs: 40, hidden: 128, layers: 3, steps: 60, batch: 512, batches: 4),
    ]

    static func report(_ fields: [String: Any]) {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        print("KILO_BENCH " + String(decoding: data, as: UTF8.self))
    }

    /// Training throughput of full steps (forward, MSE, backward, clipping, Adam) with dropout 0.2.
    @Test func training() {
        BLAS.setThreadCount(Self.threads)
        for c in Self.cases {
            let rows = c.steps + c.batch * 4
            var generator = SplitMix64(seed: 1)
            let features = (0..<(rows * c.inputs)).map { _ in Float(generator.nextGaussian()) }
            let targets = (0..<rows).map { _ in Float(generator.nextGaussian()) }
            let data = GRUTrainingData(
                features: features, columnCount: c.inputs, targets: targets,
                trainingWindowEnds: Array((c.steps - 1)..<rows), validationWindowEnds: [rows - 1],
                featureNames: (0..<c.inputs).map { "f\($0)" }, featureSpecHash: "")
            let architecture = GRUArchitecture(inputSize: c.inputs, hiddenSize: c.hidden, layerCount: c.layers)
            var parameters: [Float] = architecture.initialParameters(seed: 1)
            var gradients = [Float](repeating: 0, count: parameters.count)
            var adam = Adam(parameterCount: parameters.count, learningRate: 1e-3)
            let workspace = GRUWorkspace<Float>(architecture: architecture, steps: c.steps, batchCapacity: c.batch)
            let batchTargets = UnsafeMutablePointer<Float>.allocate(capacity: c.batch)
            defer { batchTargets.deallocate() }
            var dropout = SplitMix64(seed: 2)
            func step(_ i: Int) {
                let start = (i % 4) * c.batch
                _ = GRUTrainer.trainBatch(
                    windowEnds: data.trainingWindowEnds[start..<(start + c.batch)], data: data,
                    standardizedTargets: targets, workspace: workspace, batchTargets: batchTargets,
                    parameters: &parameters, gradients: &gradients, adam: &adam, gradClip: 1, dropout: 0.2,
                    generator: &dropout)
            }
            step(0)
            let clock = ContinuousClock()
            let started = clock.now
            for i in 0..<c.batches { step(i) }
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            Self.report([
                "case": c.name, "kind": "train", "samples_per_s": Double(c.batches * c.batch) / seconds,
                "threads": Self.threads, "core": BLAS.coreName,
            ])
        }
    }

    /// Batch-1 latency of `GRUPredictor` on the newest window (hidden 64, 2 layers, sequence 60).
    @Test func batchOneInference() {
        BLAS.setThreadCount(Self.threads)
        let c = Self.cases[0]
        let architecture = GRUArchitecture(inputSize: c.inputs, hiddenSize: c.hidden, layerCount: c.layers)
        let model = GRUModel(
            architecture: architecture, sequenceLength: c.steps, parameters: architecture.initialParameters(seed: 3),
            featureNames: (0..<c.inputs).map { "f\($0)" }, featureSpecHash: "", targetMean: 0, targetStd: 1, seed: 3,
            config: GRUConfig())
        var generator = SplitMix64(seed: 4)
        let window = (0..<(c.steps * c.inputs)).map { _ in Float(generator.nextGaussian()) }
        let predictor = GRUPredictor(model: model)
        var sink: Float = 0
        for _ in 0..<50 { sink += predictor.predictRaw(latestOf: window) }
        let clock = ContinuousClock()
        var samples: [Double] = []
        // KILO_BENCH_CALLS changes the number of timed calls (valgrind's heap summary at two counts
        // shows whether a call allocates).
        let calls = Int(ProcessInfo.processInfo.environment["KILO_BENCH_CALLS"] ?? "500") ?? 500
        samples.reserveCapacity(calls)
        for _ in 0..<calls {
            let started = clock.now
            sink += predictor.predictRaw(latestOf: window)
            let elapsed = clock.now - started
            samples.append(Double(elapsed.components.attoseconds) * 1e-15 + Double(elapsed.components.seconds) * 1e3)
        }
        samples.sort()
        Self.report([
            "case": "h64_l2_t60_batch1", "kind": "latency", "median_ms": samples[samples.count / 2],
            "p90_ms": samples[samples.count * 9 / 10], "threads": Self.threads, "core": BLAS.coreName,
            "checksum": Double(sink),
        ])
    }
}
