import Testing

@testable import KiloCore

@Suite struct ReLUTests {
    @Test func forwardAndGradientMatchFiniteDifferences() {
        // Values kept away from the kink at 0 so finite differences are valid.
        let x = GradientCheck.random(10, seed: 5).map { $0 + ($0 >= 0 ? 0.1 : -0.1) }
        let probe = GradientCheck.random(10, seed: 6)
        func loss(_ input: [Double]) -> Double {
            var y = input
            input.withUnsafeBufferPointer { i in
                y.withUnsafeMutableBufferPointer { ReLU.forward(output: $0.baseAddress!, input: i.baseAddress!, count: 10) }
            }
            return zip(y, probe).map { $0 * $1 }.reduce(0, +)
        }
        var y = x
        x.withUnsafeBufferPointer { i in
            y.withUnsafeMutableBufferPointer { ReLU.forward(output: $0.baseAddress!, input: i.baseAddress!, count: 10) }
        }
        #expect(y == x.map { max(0, $0) })
        var dx = [Double](repeating: 0, count: 10)
        probe.withUnsafeBufferPointer { dy in
            y.withUnsafeBufferPointer { out in
                dx.withUnsafeMutableBufferPointer {
                    ReLU.backward(inputGradient: $0.baseAddress!, outputGradient: dy.baseAddress!, output: out.baseAddress!, count: 10)
                }
            }
        }
        #expect(GradientCheck.maxError(dx, GradientCheck.numeric(x, loss)) < 1e-9)
        #expect(dx.contains(0) && dx.contains { $0 != 0 })
    }
}

extension ReLUTests {
    @Test func propagatesNaNLikePyTorch() {
        let input: [Float] = [.nan, -1, 2]
        var output = [Float](repeating: 0, count: 3)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { ReLU.forward(output: $0.baseAddress!, input: i.baseAddress!, count: 3) }
        }
        #expect(output[0].isNaN && output[1] == 0 && output[2] == 2)
    }
}
