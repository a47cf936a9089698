import Testing

@testable import KiloCore

@Suite struct GradientClippingVectorizedTests {
    @Test(arguments: [0, 5, 8, 1031, 5000])
    func agreesWithTheScalarClip(count: Int) {
        var generator = SplitMix64(seed: UInt64(count) + 1)
        let gradients = (0..<count).map { _ in Float(generator.nextGaussian()) }
        for maxNorm in [0.0, 0.5, 1e9] {
            var scalar = gradients, vectorized = gradients
            let n1 = GradientClipping.clipGlobalNorm(&scalar, maxNorm: maxNorm)
            let n2 = GradientClipping.clipGlobalNorm(&vectorized, maxNorm: maxNorm, summation: .eightLanes)
            #expect(abs(n1 - n2) <= 1e-5 * max(1, n1))
            for (a, b) in zip(scalar, vectorized) { #expect(abs(a - b) <= 1e-6 * max(1, abs(a))) }
        }
    }
}
