import Testing

@testable import KiloCore

@Suite struct LinearTests {
    let batch = 3, inputs = 4, outputs = 2

    /// L = Σ weights ⊙ y with fixed random weights, as a function of input, W and b.
    func loss(_ x: [Double], _ w: [Double], _ b: [Double], _ probe: [Double]) -> Double {
        var y = [Double](repeating: 0, count: batch * outputs)
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeBufferPointer { wp in
                b.withUnsafeBufferPointer { bp in
                    y.withUnsafeMutableBufferPointer { yp in
                        Linear.forward(
                            output: yp.baseAddress!, input: xp.baseAddress!, weight: wp.baseAddress!,
                            bias: bp.baseAddress!, batch: batch, inputSize: inputs, outputSize: outputs)
                    }
                }
            }
        }
        return zip(y, probe).map { $0 * $1 }.reduce(0, +)
    }

    @Test func forwardMatchesDefinition() {
        let x = GradientCheck.random(batch * inputs, seed: 1)
        let w = GradientCheck.random(outputs * inputs, seed: 2)
        let b = GradientCheck.random(outputs, seed: 3)
        for row in 0..<batch {
            for o in 0..<outputs {
                var probe = [Double](repeating: 0, count: batch * outputs)
                probe[row * outputs + o] = 1
                let expected = b[o] + (0..<inputs).map { x[row * inputs + $0] * w[o * inputs + $0] }.reduce(0, +)
                #expect(abs(loss(x, w, b, probe) - expected) < 1e-12)
            }
        }
    }

    @Test func gradientsMatchFiniteDifferences() {
        let x = GradientCheck.random(batch * inputs, seed: 1)
        let w = GradientCheck.random(outputs * inputs, seed: 2)
        let b = GradientCheck.random(outputs, seed: 3)
        let probe = GradientCheck.random(batch * outputs, seed: 4)
        var dx = [Double](repeating: 0, count: x.count)
        var dw = [Double](repeating: 0, count: w.count)
        var db = [Double](repeating: 0, count: b.count)
        probe.withUnsafeBufferPointer { dy in
            x.withUnsafeBufferPointer { xp in
                w.withUnsafeBufferPointer { wp in
                    dx.withUnsafeMutableBufferPointer { dxp in
                        dw.withUnsafeMutableBufferPointer { dwp in
                            db.withUnsafeMutableBufferPointer { dbp in
                                Linear.backward(
                                    inputGradient: dxp.baseAddress!, weightGradient: dwp.baseAddress!,
                                    biasGradient: dbp.baseAddress!, outputGradient: dy.baseAddress!,
                                    input: xp.baseAddress!, weight: wp.baseAddress!, batch: batch,
                                    inputSize: inputs, outputSize: outputs)
                            }
                        }
                    }
                }
            }
        }
        #expect(GradientCheck.maxError(dx, GradientCheck.numeric(x) { loss($0, w, b, probe) }) < 1e-8)
        #expect(GradientCheck.maxError(dw, GradientCheck.numeric(w) { loss(x, $0, b, probe) }) < 1e-8)
        #expect(GradientCheck.maxError(db, GradientCheck.numeric(b) { loss(x, w, $0, probe) }) < 1e-8)
    }
}
