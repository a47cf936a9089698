/// One GRU layer over a whole time-major sequence, forward and backward side by side.
///
/// Forward: one gemm projects every input of every step (`[T·B, D] · W_ihᵀ`), then each step is one
/// gemm `[B, H] · W_hhᵀ` and a fused gate loop. Backward runs the steps in reverse with one gemm per
/// step for the recurrent gradient, then gets the weight gradients and the input gradient with one
/// gemm each over the whole sequence.
enum GRULayer {
    /// The parameter tensors of one layer inside a flat buffer.
    struct Weights<T: NNScalar> {
        /// `[3H, D]`.
        let inputWeight: UnsafeMutablePointer<T>
        /// `[3H, H]`.
        let hiddenWeight: UnsafeMutablePointer<T>
        /// `[3H]`.
        let inputBias: UnsafeMutablePointer<T>
        /// `[3H]`.
        let hiddenBias: UnsafeMutablePointer<T>

        init(_ base: UnsafeMutablePointer<T>, offsets: Offsets) {
            inputWeight = base + offsets.inputWeight
            hiddenWeight = base + offsets.hiddenWeight
            inputBias = base + offsets.inputBias
            hiddenBias = base + offsets.hiddenBias
        }
    }

    /// Where one layer's tensors start in the flat buffer (looked up once, so passes do no string work).
    struct Offsets {
        let inputWeight: Int, hiddenWeight: Int, inputBias: Int, hiddenBias: Int

        init(layout: ParameterLayout, layer k: Int) {
            inputWeight = layout["gru.weight_ih_l\(k)"].offset
            hiddenWeight = layout["gru.weight_hh_l\(k)"].offset
            inputBias = layout["gru.bias_ih_l\(k)"].offset
            hiddenBias = layout["gru.bias_hh_l\(k)"].offset
        }
    }

    /// - Parameters: input: `[T, B, D]`; states: `[T+1, B, H]` (slot 0 is set to the zero initial
    ///   state, slot t+1 receives h_t); cache: `[T, B, 4H]`; projection: scratch `[T, B, 3H]`;
    ///   recurrent: scratch `[B, 3H]`; smallKernels: run a single window's (B = 1, Float) products
    ///   through `SmallGEMV` instead of gemm.
    /// - Complexity: O(T·B·3H·(D + H)).
    static func forward<T: NNScalar>(
        weights w: Weights<T>, input: UnsafePointer<T>, states: UnsafeMutablePointer<T>,
        cache: UnsafeMutablePointer<T>, projection: UnsafeMutablePointer<T>,
        recurrent: UnsafeMutablePointer<T>, steps: Int, batch: Int, inputSize: Int, hidden: Int,
        smallKernels: Bool = false
    ) {
        let bh = batch * hidden, g = 3 * hidden
        let small = smallKernels && batch == 1 && T.self == Float.self
            && SmallGEMV.prefersSIMD(inputSize: max(inputSize, hidden), outputSize: g)
        if small {
            for t in 0..<steps {
                SmallGEMV.affine(
                    output: Self.mutableFloat(projection + t * g), input: Self.float(input + t * inputSize),
                    weight: Self.float(UnsafePointer(w.inputWeight)), bias: nil, inputSize: inputSize, outputSize: g)
            }
        } else {
            T.gemm(
                transposeA: false, transposeB: true, m: steps * batch, n: g, k: inputSize, alpha: 1,
                a: input, b: w.inputWeight, beta: 0, c: projection)
        }
        states.update(repeating: 0, count: bh)
        for t in 0..<steps {
            let previous = states + t * bh
            if t == 0 {
                recurrent.update(repeating: 0, count: batch * g)
            } else if small {
                SmallGEMV.affine(
                    output: Self.mutableFloat(recurrent), input: Self.float(UnsafePointer(previous)), weight: Self.float(UnsafePointer(w.hiddenWeight)),
                    bias: nil, inputSize: hidden, outputSize: g)
            } else {
                T.gemm(
                    transposeA: false, transposeB: true, m: batch, n: g, k: hidden, alpha: 1,
                    a: previous, b: w.hiddenWeight, beta: 0, c: recurrent)
            }
            GRUCell.forward(
                gi: projection + t * batch * g, gh: recurrent, biasIH: w.inputBias, biasHH: w.hiddenBias,
                hPrevious: previous, hNext: states + (t + 1) * bh, cache: cache + t * batch * 4 * hidden,
                batch: batch, hidden: hidden)
        }
    }

    /// `pointer` as Float (only called when `T` is Float).
    @inline(__always)
    static func mutableFloat<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Float.self)
    }

    @inline(__always)
    static func float<T>(_ pointer: UnsafePointer<T>) -> UnsafePointer<Float> {
        UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self)
    }

    /// Accumulates this layer's parameter gradients into `gradients` and writes the input gradient
    /// when `inputGradient` is given.
    /// - Parameters: outputGradient: `[T, B, H]`, ∂L/∂h_t from above; giGradient, ghGradient:
    ///   scratch `[T, B, 3H]`; carry: scratch `[B, H]`; inputGradient: `[T, B, D]`.
    /// - Complexity: O(T·B·3H·(D + H)).
    static func backward<T: NNScalar>(
        weights w: Weights<T>, gradients dw: Weights<T>, input: UnsafePointer<T>,
        states: UnsafePointer<T>, cache: UnsafePointer<T>, outputGradient: UnsafePointer<T>,
        inputGradient: UnsafeMutablePointer<T>?, giGradient: UnsafeMutablePointer<T>,
        ghGradient: UnsafeMutablePointer<T>, carry: UnsafeMutablePointer<T>, steps: Int,
        batch: Int, inputSize: Int, hidden: Int
    ) {
        let bh = batch * hidden, g = 3 * hidden, rows = steps * batch
        carry.update(repeating: 0, count: bh)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let dgh = ghGradient + t * batch * g
            GRUCell.backward(
                hOutputGradient: outputGradient + t * bh, carry: carry,
                cache: cache + t * batch * 4 * hidden, hPrevious: states + t * bh,
                giGradient: giGradient + t * batch * g, ghGradient: dgh, batch: batch, hidden: hidden)
            if t > 0 {
                T.gemm(
                    transposeA: false, transposeB: false, m: batch, n: hidden, k: g, alpha: 1, a: dgh,
                    b: w.hiddenWeight, beta: 1, c: carry)
            }
        }
        T.gemm(
            transposeA: true, transposeB: false, m: g, n: inputSize, k: rows, alpha: 1, a: giGradient,
            b: input, beta: 1, c: dw.inputWeight)
        T.gemm(
            transposeA: true, transposeB: false, m: g, n: hidden, k: rows, alpha: 1, a: ghGradient,
            b: states, beta: 1, c: dw.hiddenWeight)
        for row in 0..<rows {
            let dgi = giGradient + row * g, dgh = ghGradient + row * g
            for j in 0..<g {
                dw.inputBias[j] += dgi[j]
                dw.hiddenBias[j] += dgh[j]
            }
        }
        if let inputGradient {
            T.gemm(
                transposeA: false, transposeB: false, m: rows, n: inputSize, k: g, alpha: 1, a: giGradient,
                b: w.inputWeight, beta: 0, c: inputGradient)
        }
    }
}
