import Foundation
import Testing

@testable import KiloCore

@Suite struct FastMathTests {
    func lanes(_ f: (FastMath.Vector) -> FastMath.Vector, _ xs: [Float]) -> [Float] {
        stride(from: 0, to: xs.count, by: 8).flatMap { i -> [Float] in
            var v = FastMath.Vector()
            for k in 0..<8 { v[k] = xs[i + k] }
            let y = f(v)
            return (0..<8).map { y[$0] }
        }
    }

    let xs: [Float] = (0..<8000).map { Float($0 - 4000) / 100 } + [-200, -100, -88, -87.5, 0, 88.5, 100, 200]

    @Test func expIsAccurateAndSaturates() {
        let ys = lanes(FastMath.exp, xs)
        for (x, y) in zip(xs, ys) where x > -80 && x < 80 {
            let exact = Foundation.exp(Double(x))
            #expect(abs(Double(y) - exact) / exact < 1e-6, "exp(\(x))")
        }
        #expect(ys.allSatisfy { $0.isFinite && $0 >= 0 })
    }

    @Test func sigmoidAndTanhAreAccurate() {
        let s = lanes(FastMath.sigmoid, xs), t = lanes(FastMath.tanh, xs)
        for (i, x) in xs.enumerated() {
            let d = Double(x)
            #expect(abs(Double(s[i]) - 1 / (1 + Foundation.exp(-d))) < 2e-7, "sigmoid(\(x))")
            #expect(abs(Double(t[i]) - Foundation.tanh(d)) < 2e-7, "tanh(\(x))")
            if abs(x) < 0.5 && x != 0 { #expect(abs(Double(t[i]) - Foundation.tanh(d)) / abs(Foundation.tanh(d)) < 1e-6) }
        }
        #expect(t.allSatisfy { abs($0) <= 1 } && s.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}

extension FastMathTests {
    @Test func nanPropagates() {
        let v = FastMath.Vector(repeating: .nan)
        #expect(FastMath.exp(v)[0].isNaN && FastMath.sigmoid(v)[3].isNaN && FastMath.tanh(v)[7].isNaN)
    }
}
