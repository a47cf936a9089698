import Testing

@testable import KiloCore

@Suite struct OrthogonalInitializationTests {
    /// W·Wᵀ (wide) or Wᵀ·W (tall) equals gain²·I.
    private func gram(_ w: [Float], rows: Int, columns: Int) -> [[Double]] {
        let k = min(rows, columns)
        return (0..<k).map { a in
            (0..<k).map { b in
                rows <= columns
                    ? (0..<columns).reduce(0.0) { $0 + Double(w[a * columns + $1]) * Double(w[b * columns + $1]) }
                    : (0..<rows).reduce(0.0) { $0 + Double(w[$1 * columns + a]) * Double(w[$1 * columns + b]) }
            }
        }
    }

    @Test(arguments: [(64, 4, 2.0.squareRoot()), (2, 64, 0.01), (64, 64, 1.0), (1, 64, 1.0)])
    func rowsOrColumnsAreOrthonormalTimesGain(shape: (Int, Int, Double)) {
        var generator = SplitMix64(seed: 3)
        let (rows, columns, gain) = shape
        let w = OrthogonalInitialization.matrix(rows: rows, columns: columns, gain: gain, generator: &generator)
        let g = gram(w, rows: rows, columns: columns)
        for a in 0..<g.count {
            for b in 0..<g.count {
                #expect(abs(g[a][b] - (a == b ? gain * gain : 0)) < 1e-5 * max(1, gain * gain))
            }
        }
    }

    @Test func sameSeedSameBits() {
        var a = SplitMix64(seed: 9), b = SplitMix64(seed: 9)
        #expect(OrthogonalInitialization.matrix(rows: 5, columns: 7, gain: 1, generator: &a)
            == OrthogonalInitialization.matrix(rows: 5, columns: 7, gain: 1, generator: &b))
    }
}
