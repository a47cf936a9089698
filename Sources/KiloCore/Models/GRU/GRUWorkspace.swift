/// Preallocated activation and gradient buffers for a GRU network of one architecture, up to
/// `batchCapacity` windows of `steps` rows: forward and backward passes allocate nothing.
///
/// All sequence buffers are time-major (`[T, B, …]`) so each step's batch is one contiguous
/// matrix for the per-step gemm.
final class GRUWorkspace<T: NNScalar> {
    let architecture: GRUArchitecture
    let steps: Int
    let batchCapacity: Int
    /// Tensor offsets in the flat parameter buffer, resolved once.
    let layerOffsets: [GRULayer.Offsets]
    let fc1Weight: Int, fc1Bias: Int, fc2Weight: Int, fc2Bias: Int

    /// `[T, B, D]`, the gathered input windows (filled by the caller).
    let input: UnsafeMutablePointer<T>
    /// Per layer `[T+1, B, H]`: zero initial state then h_0 … h_{T−1}.
    let states: [UnsafeMutablePointer<T>]
    /// Per layer `[T, B, 4H]`: r, z, n, hn.
    let caches: [UnsafeMutablePointer<T>]
    /// Per layer below the top `[T, B, H]`: dropout masks and the dropped outputs.
    let layerMasks: [UnsafeMutablePointer<T>]
    let droppedOutputs: [UnsafeMutablePointer<T>]
    let projection: UnsafeMutablePointer<T>
    let recurrent: UnsafeMutablePointer<T>
    let headMask: UnsafeMutablePointer<T>
    let headInput: UnsafeMutablePointer<T>
    let fc1Output: UnsafeMutablePointer<T>
    let reluOutput: UnsafeMutablePointer<T>
    /// `[B]`, the network outputs of the last forward pass.
    let output: UnsafeMutablePointer<T>
    /// `[B]`, ∂L/∂output (filled by the caller before `backward`).
    let outputGradient: UnsafeMutablePointer<T>
    let reluGradient: UnsafeMutablePointer<T>
    let headInputGradient: UnsafeMutablePointer<T>
    let ghGradient: UnsafeMutablePointer<T>
    let sequenceGradientA: UnsafeMutablePointer<T>
    let sequenceGradientB: UnsafeMutablePointer<T>
    let carry: UnsafeMutablePointer<T>

    /// Whether single-window forward passes in Float run their matrix–vector products through
    /// `SmallGEMV` (set by `GRUPredictor`; training and batched scoring keep BLAS).
    let smallKernels: Bool

    /// The batch size and dropout use of the last forward pass, needed by `backward`.
    var lastBatch = 0
    var lastUsedDropout = false

    private var allocations: [UnsafeMutablePointer<T>] = []

    init(architecture: GRUArchitecture, steps: Int, batchCapacity: Int, smallKernels: Bool = false) {
        precondition(steps >= 1 && batchCapacity >= 1, "GRUWorkspace.init: steps \(steps), batch \(batchCapacity)")
        self.architecture = architecture
        self.smallKernels = smallKernels && T.self == Float.self
        self.steps = steps
        self.batchCapacity = batchCapacity
        let layout = architecture.layout
        layerOffsets = (0..<architecture.layerCount).map { GRULayer.Offsets(layout: layout, layer: $0) }
        fc1Weight = layout["fc1.weight"].offset
        fc1Bias = layout["fc1.bias"].offset
        fc2Weight = layout["fc2.weight"].offset
        fc2Bias = layout["fc2.bias"].offset
        let b = batchCapacity, h = architecture.hiddenSize, d = architecture.inputSize
        let wide = max(d, h)
        var owned: [UnsafeMutablePointer<T>] = []
        func make(_ count: Int) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
            // All-zero bytes are +0.0 for Float and Double; a raw fill stays fast unspecialised.
            UnsafeMutableRawPointer(pointer).initializeMemory(
                as: UInt8.self, repeating: 0, count: max(count, 1) * MemoryLayout<T>.stride)
            owned.append(pointer)
            return pointer
        }
        input = make(steps * b * d)
        states = (0..<architecture.layerCount).map { _ in make((steps + 1) * b * h) }
        caches = (0..<architecture.layerCount).map { _ in make(steps * b * 4 * h) }
        layerMasks = (0..<(architecture.layerCount - 1)).map { _ in make(steps * b * h) }
        droppedOutputs = (0..<(architecture.layerCount - 1)).map { _ in make(steps * b * h) }
        projection = make(steps * b * 3 * h)
        recurrent = make(b * 3 * h)
        headMask = make(b * h)
        headInput = make(b * h)
        fc1Output = make(b * architecture.headSize)
        reluOutput = make(b * architecture.headSize)
        output = make(b)
        outputGradient = make(b)
        reluGradient = make(b * architecture.headSize)
        headInputGradient = make(b * h)
        ghGradient = make(steps * b * 3 * h)
        sequenceGradientA = make(steps * b * wide)
        sequenceGradientB = make(steps * b * wide)
        carry = make(b * h)
        allocations = owned
    }

    deinit {
        for pointer in allocations { pointer.deallocate() }
    }

    /// Copies the windows ending at `windowEnds` (rows `end − T + 1 … end` of the row-major
    /// `[rows, D]` matrix `features`) into `input`, time-major.
    /// - Complexity: O(B·T·D).
    func gatherWindows<S: Collection>(
        features: UnsafePointer<T>, windowEnds: S
    ) where S.Element == Int {
        let d = architecture.inputSize, batch = windowEnds.count
        precondition(batch <= batchCapacity, "GRUWorkspace.gatherWindows: batch \(batch) > \(batchCapacity)")
        for (b, end) in windowEnds.enumerated() {
            let first = end - steps + 1
            for t in 0..<steps {
                (input + (t * batch + b) * d).update(from: features + (first + t) * d, count: d)
            }
        }
    }
}
