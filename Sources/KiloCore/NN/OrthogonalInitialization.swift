/// PyTorch's `torch.nn.init.orthogonal_` for a 2-D weight `[rows, columns]`.
///
/// A Gaussian matrix is drawn (row-major, from `SplitMix64.nextGaussian`), transposed when it has
/// fewer rows than columns, and orthonormalised column by column (modified Gram–Schmidt in
/// Double, which equals the QR factor `Q` with the signs of `diag(R)` made positive, as PyTorch
/// does); the result, transposed back when needed, is scaled by `gain`. Rows (or columns, whichever
/// are fewer) of the result are orthonormal up to `gain`.
public enum OrthogonalInitialization {
    /// A `[rows, columns]` row-major matrix with orthonormal rows or columns, times `gain`.
    /// - Complexity: O(rows · columns · min(rows, columns)).
    public static func matrix(
        rows: Int, columns: Int, gain: Double, generator: inout SplitMix64
    ) -> [Float] {
        precondition(rows > 0 && columns > 0, "OrthogonalInitialization.matrix: shape [\(rows), \(columns)]")
        let gaussian = (0..<(rows * columns)).map { _ in generator.nextGaussian() }
        // Work on a tall matrix A [n, k] with n >= k, stored column by column.
        let transposed = rows < columns
        let n = transposed ? columns : rows, k = transposed ? rows : columns
        var columnsOfA = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
        for r in 0..<rows {
            for c in 0..<columns {
                let value = gaussian[r * columns + c]
                if transposed { columnsOfA[r][c] = value } else { columnsOfA[c][r] = value }
            }
        }
        for j in 0..<k {
            for i in 0..<j {
                var dot = 0.0
                for t in 0..<n { dot += columnsOfA[i][t] * columnsOfA[j][t] }
                for t in 0..<n { columnsOfA[j][t] -= dot * columnsOfA[i][t] }
            }
            var norm = 0.0
            for t in 0..<n { norm += columnsOfA[j][t] * columnsOfA[j][t] }
            norm = norm.squareRoot()
            precondition(norm > 0, "OrthogonalInitialization.matrix: rank-deficient draw")
            for t in 0..<n { columnsOfA[j][t] /= norm }
        }
        var out = [Float](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let value = transposed ? columnsOfA[r][c] : columnsOfA[c][r]
                out[r * columns + c] = Float(value * gain)
            }
        }
        return out
    }
}
