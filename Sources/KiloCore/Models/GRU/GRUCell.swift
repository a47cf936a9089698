/// One GRU time step over a batch, forward and backward side by side (PyTorch `nn.GRU` gates):
///
///     r  = σ(gi_r + b_ir + gh_r + b_hr)
///     z  = σ(gi_z + b_iz + gh_z + b_hz)
///     hn = gh_n + b_hn
///     n  = tanh(gi_n + b_in + r ⊙ hn)
///     h' = (1 − z) ⊙ n + z ⊙ h   (computed as n + z ⊙ (h − n))
///
/// where `gi = x · W_ihᵀ` and `gh = h · W_hhᵀ` come from gemms (gates stacked r, z, n). The
/// step caches `r, z, n, hn` per row (`[B, 4H]`) for the backward pass. Float with H a multiple
/// of 8 runs the SIMD kernels in `GRUCell+Float.swift`; other cases (and the Double gradient
/// checks) run the scalar loops here.
enum GRUCell {
    /// Fused gate computation for one step.
    /// - Parameters: gi, gh: `[B, 3H]` (no biases); biasIH, biasHH: `[3H]`; hPrevious, hNext:
    ///   `[B, H]`; cache: `[B, 4H]`.
    /// - Complexity: O(B·H), 3·B·H transcendental calls.
    @inline(__always)
    static func forward<T: NNScalar>(
        gi: UnsafePointer<T>, gh: UnsafePointer<T>, biasIH: UnsafePointer<T>, biasHH: UnsafePointer<T>,
        hPrevious: UnsafePointer<T>, hNext: UnsafeMutablePointer<T>, cache: UnsafeMutablePointer<T>,
        batch: Int, hidden: Int
    ) {
        if T.self == Float.self && hidden % 8 == 0 {
            return forwardFloat(
                gi: rebound(gi), gh: rebound(gh), biasIH: rebound(biasIH), biasHH: rebound(biasHH),
                hPrevious: rebound(hPrevious), hNext: rebound(hNext), cache: rebound(cache), batch: batch,
                hidden: hidden)
        }
        let h = hidden
        for b in 0..<batch {
            let giRow = gi + b * 3 * h, ghRow = gh + b * 3 * h, c = cache + b * 4 * h
            let previous = hPrevious + b * h, next = hNext + b * h
            for j in 0..<h {
                let r = T.sigmoid(giRow[j] + biasIH[j] + ghRow[j] + biasHH[j])
                let z = T.sigmoid(giRow[h + j] + biasIH[h + j] + ghRow[h + j] + biasHH[h + j])
                let hn = ghRow[2 * h + j] + biasHH[2 * h + j]
                let n = T.hyperbolicTangent(giRow[2 * h + j] + biasIH[2 * h + j] + r * hn)
                next[j] = n + z * (previous[j] - n)
                c[j] = r
                c[h + j] = z
                c[2 * h + j] = n
                c[3 * h + j] = hn
            }
        }
    }

    /// Backward of one step. The incoming gradient on `h'` is `hOutputGradient + carry`; on return
    /// `carry` holds the direct part `∂L/∂h = dh' ⊙ z` (the caller adds `dgh · W_hh`), and
    /// `giGradient`/`ghGradient` (`[B, 3H]`) the gradients of the gate pre-activations from the
    /// input and hidden sides (equal for r and z; for n, `dgh_n = dn_pre ⊙ r`).
    /// - Complexity: O(B·H).
    @inline(__always)
    static func backward<T: NNScalar>(
        hOutputGradient: UnsafePointer<T>, carry: UnsafeMutablePointer<T>, cache: UnsafePointer<T>,
        hPrevious: UnsafePointer<T>, giGradient: UnsafeMutablePointer<T>,
        ghGradient: UnsafeMutablePointer<T>, batch: Int, hidden: Int
    ) {
        if T.self == Float.self && hidden % 8 == 0 {
            return backwardFloat(
                hOutputGradient: rebound(hOutputGradient), carry: rebound(carry), cache: rebound(cache),
                hPrevious: rebound(hPrevious), giGradient: rebound(giGradient), ghGradient: rebound(ghGradient),
                batch: batch, hidden: hidden)
        }
        let h = hidden
        for b in 0..<batch {
            let c = cache + b * 4 * h, previous = hPrevious + b * h
            let dOut = hOutputGradient + b * h, dCarry = carry + b * h
            let dgi = giGradient + b * 3 * h, dgh = ghGradient + b * 3 * h
            for j in 0..<h {
                let r = c[j], z = c[h + j], n = c[2 * h + j], hn = c[3 * h + j]
                let dh = dOut[j] + dCarry[j]
                let dnPre = dh * (1 - z) * (1 - n * n)
                let dzPre = dh * (previous[j] - n) * z * (1 - z)
                let drPre = dnPre * hn * r * (1 - r)
                dCarry[j] = dh * z
                dgi[j] = drPre
                dgi[h + j] = dzPre
                dgi[2 * h + j] = dnPre
                dgh[j] = drPre
                dgh[h + j] = dzPre
                dgh[2 * h + j] = dnPre * r
            }
        }
    }

    @inline(__always)
    private static func rebound<T>(_ p: UnsafePointer<T>) -> UnsafePointer<Float> {
        UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
    }

    @inline(__always)
    private static func rebound<T>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
    }
}
