import Testing

@testable import KiloCore

@Suite struct MSELossTests {
    @Test func valueAndGradientMatchFiniteDifferences() {
        let prediction = GradientCheck.random(6, seed: 7)
        let target = GradientCheck.random(6, seed: 8)
        func loss(_ p: [Double]) -> Double {
            p.withUnsafeBufferPointer { pp in
                target.withUnsafeBufferPointer { MSELoss.forward(prediction: pp.baseAddress!, target: $0.baseAddress!, count: 6) }
            }
        }
        let expected = zip(prediction, target).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 6
        #expect(abs(loss(prediction) - expected) < 1e-15)
        var gradient = [Double](repeating: 0, count: 6)
        prediction.withUnsafeBufferPointer { pp in
            target.withUnsafeBufferPointer { tp in
                gradient.withUnsafeMutableBufferPointer {
                    MSELoss.backward(predictionGradient: $0.baseAddress!, prediction: pp.baseAddress!, target: tp.baseAddress!, count: 6)
                }
            }
        }
        #expect(GradientCheck.maxError(gradient, GradientCheck.numeric(prediction, loss)) < 1e-9)
    }
}
