import Testing

@testable import KiloCore

@Suite struct GradientClippingTests {
    @Test func clippingScalesToTheMaximumNorm() {
        var g: [Float] = [3, 4]
        let norm = GradientClipping.clipGlobalNorm(&g, maxNorm: 1)
        #expect(abs(norm - 5) < 1e-9)
        #expect(abs(g[0] - 0.6) < 1e-6 && abs(g[1] - 0.8) < 1e-6)
        var small: [Float] = [0.3, 0.4]
        GradientClipping.clipGlobalNorm(&small, maxNorm: 1)
        #expect(small == [0.3, 0.4])
        var off: [Float] = [30, 40]
        #expect(GradientClipping.clipGlobalNorm(&off, maxNorm: 0) == 50)
        #expect(off == [30, 40])
    }
}
