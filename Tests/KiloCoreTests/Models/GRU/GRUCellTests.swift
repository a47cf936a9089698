import Foundation
import Testing

@testable import KiloCore

@Suite struct GRUCellTests {
    let batch = 2, hidden = 3

    struct Inputs {
        var gi: [Double], gh: [Double], bih: [Double], bhh: [Double], h: [Double]
    }

    func inputs() -> Inputs {
        Inputs(
            gi: GradientCheck.random(batch * 3 * hidden, seed: 21), gh: GradientCheck.random(batch * 3 * hidden, seed: 22),
            bih: GradientCheck.random(3 * hidden, seed: 23), bhh: GradientCheck.random(3 * hidden, seed: 24),
            h: GradientCheck.random(batch * hidden, seed: 25))
    }

    func step(_ x: Inputs) -> (next: [Double], cache: [Double]) {
        var next = [Double](repeating: 0, count: batch * hidden)
        var cache = [Double](repeating: 0, count: batch * 4 * hidden)
        GRUCell.forward(
            gi: x.gi, gh: x.gh, biasIH: x.bih, biasHH: x.bhh, hPrevious: x.h, hNext: &next, cache: &cache,
            batch: batch, hidden: hidden)
        return (next, cache)
    }

    @Test func forwardMatchesPyTorchEquations() {
        let x = inputs()
        let next = step(x).next
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        let h = hidden
        for b in 0..<batch {
            for j in 0..<h {
                let gi = Array(x.gi[(b * 3 * h)...]), gh = Array(x.gh[(b * 3 * h)...])
                let r = sigmoid(gi[j] + x.bih[j] + gh[j] + x.bhh[j])
                let z = sigmoid(gi[h + j] + x.bih[h + j] + gh[h + j] + x.bhh[h + j])
                let n = tanh(gi[2 * h + j] + x.bih[2 * h + j] + r * (gh[2 * h + j] + x.bhh[2 * h + j]))
                let expected = (1 - z) * n + z * x.h[b * h + j]
                #expect(abs(next[b * h + j] - expected) < 1e-14)
            }
        }
    }

    @Test func gradientsMatchFiniteDifferences() {
        let x = inputs()
        let probe = GradientCheck.random(batch * hidden, seed: 26)
        // L = Σ probe ⊙ h' + ½ Σ h'², so ∂L/∂h' = probe + h'.
        func loss(_ v: Inputs) -> Double {
            step(v).next.enumerated().map { probe[$0.offset] * $0.element + 0.5 * $0.element * $0.element }.reduce(0, +)
        }
        let (next, cache) = step(x)
        let dOut = zip(probe, next).map { $0 + $1 }
        var carry = [Double](repeating: 0, count: batch * hidden)
        var dgi = [Double](repeating: 0, count: batch * 3 * hidden)
        var dgh = dgi
        GRUCell.backward(
            hOutputGradient: dOut, carry: &carry, cache: cache, hPrevious: x.h, giGradient: &dgi, ghGradient: &dgh,
            batch: batch, hidden: hidden)
        func columnSums(_ m: [Double]) -> [Double] {
            (0..<(3 * hidden)).map { j in (0..<batch).map { m[$0 * 3 * hidden + j] }.reduce(0, +) }
        }
        let tolerance = 1e-8
        #expect(GradientCheck.maxError(dgi, GradientCheck.numeric(x.gi) { var v = x; v.gi = $0; return loss(v) }) < tolerance)
        #expect(GradientCheck.maxError(dgh, GradientCheck.numeric(x.gh) { var v = x; v.gh = $0; return loss(v) }) < tolerance)
        #expect(GradientCheck.maxError(carry, GradientCheck.numeric(x.h) { var v = x; v.h = $0; return loss(v) }) < tolerance)
        #expect(GradientCheck.maxError(columnSums(dgi), GradientCheck.numeric(x.bih) { var v = x; v.bih = $0; return loss(v) }) < tolerance)
        #expect(GradientCheck.maxError(columnSums(dgh), GradientCheck.numeric(x.bhh) { var v = x; v.bhh = $0; return loss(v) }) < tolerance)
    }
}

extension GRUCellTests {
    /// The Float SIMD kernels (H a multiple of 8) agree with the generic Double kernels.
    @Test func floatKernelsAgreeWithDoubleReference() {
        let b = 3, h = 16
        let gi = GradientCheck.random(b * 3 * h, seed: 41, scale: 3), gh = GradientCheck.random(b * 3 * h, seed: 42, scale: 3)
        let bih = GradientCheck.random(3 * h, seed: 43), bhh = GradientCheck.random(3 * h, seed: 44)
        let hp = GradientCheck.random(b * h, seed: 45), dOut = GradientCheck.random(b * h, seed: 46)
        func run<T: NNScalar>(_: T.Type) -> [[Double]] {
            let c = { (v: [Double]) in v.map { T($0) } }
            var next = [T](repeating: 0, count: b * h), cache = [T](repeating: 0, count: b * 4 * h)
            var carry = c(GradientCheck.random(b * h, seed: 47))
            var dgi = [T](repeating: 0, count: b * 3 * h), dgh = dgi
            GRUCell.forward(
                gi: c(gi), gh: c(gh), biasIH: c(bih), biasHH: c(bhh), hPrevious: c(hp), hNext: &next, cache: &cache,
                batch: b, hidden: h)
            GRUCell.backward(
                hOutputGradient: c(dOut), carry: &carry, cache: cache, hPrevious: c(hp), giGradient: &dgi,
                ghGradient: &dgh, batch: b, hidden: h)
            return [next, cache, carry, dgi, dgh].map { $0.map { Double($0) } }
        }
        for (f, d) in zip(run(Float.self), run(Double.self)) {
            #expect(GradientCheck.maxError(f, d) < 1e-6)
        }
    }
}
