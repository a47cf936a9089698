import Foundation
import Testing

@testable import KiloCore

/// The measurement behind `SmallGEMV.prefersSIMD`: nanoseconds per batch-1 layer of the SIMD path
/// and of BLAS (`Linear.forward`, batch 1) at the PPO and GRU shapes. Runs only with KILO_BENCH=1
/// in a release build (`swift build -c release --build-tests -Xswiftc -enable-testing`, then
/// `KILO_BENCH=1 swift test -c release --skip-build --filter SmallGEMVBenchmark`, once per
/// `OPENBLAS_CORETYPE` to compare kernels); never asserts on time.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KILO_BENCH"] == "1"), .serialized)
struct SmallGEMVBenchmark {
    @Test func simdAgainstBLAS() {
        BLAS.setThreadCount(1)
        let shapes = [
            ("ppo actor/critic layer 0", 1240, 64), ("ppo hidden", 64, 64), ("ppo policy head", 64, 3),
            ("ppo value head", 64, 1), ("cartpole layer 0", 4, 64), ("gru input projection", 120, 192),
            ("gru recurrent", 64, 192), ("gru fc1", 64, 32), ("gru fc2", 32, 1),
        ]
        for (name, inputs, outputs) in shapes {
            let x = GradientCheck.random(inputs, seed: 1).map(Float.init)
            let w = GradientCheck.random(inputs * outputs, seed: 2, scale: 0.1).map(Float.init)
            let b = GradientCheck.random(outputs, seed: 3).map(Float.init)
            var y = [Float](repeating: 0, count: outputs)
            let repeats = max(2000, 20_000_000 / (inputs * outputs))
            func time(_ body: () -> Void) -> Double {
                body()
                var best = Double.infinity
                for _ in 0..<3 {
                    let start = DispatchTime.now().uptimeNanoseconds
                    for _ in 0..<repeats { body() }
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / Double(repeats))
                }
                return best
            }
            var sink: Float = 0
            let simd = time {
                SmallGEMV.affine(output: &y, input: x, weight: w, bias: b, inputSize: inputs, outputSize: outputs)
                sink += y[0]
            }
            let blas = time {
                Linear.forward(output: &y, input: x, weight: w, bias: b, batch: 1, inputSize: inputs, outputSize: outputs)
                sink += y[0]
            }
            print(String(
                format: "KILO_BENCH smallgemv shape=%@ in=%d out=%d simd_ns=%.0f blas_ns=%.0f blas/simd=%.2f core=%@ (%g)",
                name, inputs, outputs, simd, blas, blas / simd, BLAS.coreName, sink))
        }
    }
}
