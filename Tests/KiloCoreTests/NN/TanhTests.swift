import Foundation
import Testing

@testable import KiloCore

@Suite struct TanhTests {
    @Test func forwardAndGradientMatchFiniteDifferences() {
        let x = GradientCheck.random(13, seed: 21, scale: 3)
        let probe = GradientCheck.random(13, seed: 22)
        func run(_ input: [Double]) -> [Double] {
            var y = input
            input.withUnsafeBufferPointer { i in
                y.withUnsafeMutableBufferPointer { Tanh.forward(output: $0.baseAddress!, input: i.baseAddress!, count: 13) }
            }
            return y
        }
        let y = run(x)
        #expect(y == x.map { Foundation.tanh($0) })
        var dx = [Double](repeating: 0, count: 13)
        probe.withUnsafeBufferPointer { dy in
            y.withUnsafeBufferPointer { out in
                dx.withUnsafeMutableBufferPointer {
                    Tanh.backward(inputGradient: $0.baseAddress!, outputGradient: dy.baseAddress!, output: out.baseAddress!, count: 13)
                }
            }
        }
        let numeric = GradientCheck.numeric(x) { zip(run($0), probe).map { $0 * $1 }.reduce(0, +) }
        #expect(GradientCheck.maxError(dx, numeric) < 1e-8)
    }

    @Test func floatPathMatchesLibmWithinFastMathError() {
        let x: [Float] = (0..<21).map { Float($0) * 0.37 - 3.9 }
        var y = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { i in
            y.withUnsafeMutableBufferPointer { Tanh.forward(output: $0.baseAddress!, input: i.baseAddress!, count: x.count) }
        }
        for (a, b) in zip(y, x) { #expect(abs(a - Foundation.tanh(b)) < 1e-6) }
    }
}
