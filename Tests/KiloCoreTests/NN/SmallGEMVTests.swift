import Testing

@testable import KiloCore

@Suite(.blasThreadsPinned) struct SmallGEMVTests {
    /// `SmallGEMV.affine` and the BLAS `Linear.forward` (batch 1) on the same random operands.
    func both(inputs: Int, outputs: Int, bias: Bool, seed: UInt64) -> (simd: [Float], blas: [Float]) {
        let x = GradientCheck.random(inputs, seed: seed).map(Float.init)
        let w = GradientCheck.random(inputs * outputs, seed: seed + 1, scale: 0.3).map(Float.init)
        let b = bias ? GradientCheck.random(outputs, seed: seed + 2).map(Float.init) : [Float](repeating: 0, count: outputs)
        var simd = [Float](repeating: .nan, count: outputs), blas = simd
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeBufferPointer { wp in
                b.withUnsafeBufferPointer { bp in
                    simd.withUnsafeMutableBufferPointer {
                        SmallGEMV.affine(
                            output: $0.baseAddress!, input: xp.baseAddress!, weight: wp.baseAddress!,
                            bias: bias ? bp.baseAddress! : nil, inputSize: inputs, outputSize: outputs)
                    }
                    blas.withUnsafeMutableBufferPointer {
                        Linear.forward(
                            output: $0.baseAddress!, input: xp.baseAddress!, weight: wp.baseAddress!,
                            bias: bp.baseAddress!, batch: 1, inputSize: inputs, outputSize: outputs)
                    }
                }
            }
        }
        return (simd, blas)
    }

    /// PPO (1240 → 64 → 64 → 3, 4 → 64), GRU (120 → 192, 64 → 192, 64 → 32, 32 → 1) and ragged
    /// shapes (inputs not a multiple of 16, outputs not a multiple of 4).
    @Test(arguments: [(1240, 64), (64, 64), (64, 3), (64, 1), (4, 64), (120, 192), (64, 192), (64, 32), (32, 1), (17, 5), (1, 1), (33, 7)])
    func matchesBLAS(shape: (Int, Int)) {
        for bias in [true, false] {
            let (simd, blas) = both(inputs: shape.0, outputs: shape.1, bias: bias, seed: UInt64(shape.0 * 1000 + shape.1))
            for (s, b) in zip(simd, blas) {
                #expect(abs(s - b) <= 1e-5 * max(1, abs(b)), "\(shape) bias \(bias): \(s) vs \(b)")
            }
        }
    }

    @Test func deterministic() {
        let first = both(inputs: 1240, outputs: 64, bias: true, seed: 5).simd
        let second = both(inputs: 1240, outputs: 64, bias: true, seed: 5).simd
        #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
    }

    /// The fixed order: lanes of `i mod 8`, pairwise lane reduction, then the tail in order.
    @Test func summationOrderIsTheDocumentedOne() {
        let inputs = 37
        let x = GradientCheck.random(inputs, seed: 8).map(Float.init)
        let w = GradientCheck.random(inputs, seed: 9).map(Float.init)
        var eight = [Float](repeating: 0, count: 8)
        for i in 0..<32 { eight[i % 8] += w[i] * x[i] }
        let four = (0..<4).map { eight[$0] + eight[$0 + 4] }
        let two = (0..<2).map { four[$0] + four[$0 + 2] }
        var expected = two[0] + two[1]
        for i in 32..<inputs { expected += w[i] * x[i] }
        var output: Float = .nan
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeBufferPointer { wp in
                SmallGEMV.affine(
                    output: &output, input: xp.baseAddress!, weight: wp.baseAddress!, bias: nil, inputSize: inputs,
                    outputSize: 1)
            }
        }
        #expect(output.bitPattern == (expected + 0).bitPattern)
    }

    @Test func dispatchRule() {
        for wide in [true, false] {
            #expect(SmallGEMV.prefersSIMD(inputSize: 64, outputSize: 3, wideBLAS: wide))
            #expect(SmallGEMV.prefersSIMD(inputSize: 1240, outputSize: 1, wideBLAS: wide))
        }
        #expect(SmallGEMV.prefersSIMD(inputSize: 1240, outputSize: 64, wideBLAS: false))
        #expect(!SmallGEMV.prefersSIMD(inputSize: 1240, outputSize: 64, wideBLAS: true))
        #expect(SmallGEMV.prefersSIMD(inputSize: 64, outputSize: 64, wideBLAS: true))
        #expect(!SmallGEMV.prefersSIMD(inputSize: 64, outputSize: 192, wideBLAS: true))
        #expect(SmallGEMV.blasKernelIsWide == SmallGEMV.isWide(kernel: BLAS.coreName))
        for kernel in ["Haswell", "zen", "SkylakeX", "Cooperlake", "SapphireRapids"] { #expect(SmallGEMV.isWide(kernel: kernel)) }
        for kernel in ["Prescott", "Nehalem", "Sandybridge", "Bulldozer", "NEOVERSEN1"] { #expect(!SmallGEMV.isWide(kernel: kernel)) }
    }
}
