import Dispatch

/// A trained gradient-boosted forest in LightGBM's model: feature names and infos, the
/// objective, and the trees. Predicts exactly as LightGBM 4.x does (same routing, same summation
/// order), and reads/writes LightGBM text model files (`Booster+TextFormat.swift`).
public struct Booster: Sendable, Equatable {
    /// Input feature names, in column order.
    public let featureNames: [String]
    /// LightGBM `feature_infos` (`[min:max]` or `none` per feature).
    public let featureInfos: [String]
    /// LightGBM objective string (e.g. `regression`, `binary sigmoid:1`).
    public let objective: String
    /// The raw-score transform the objective implies.
    public let transform: OutputTransform
    /// Whether predictions average the trees (random-forest mode) instead of summing them.
    public let averageOutput: Bool
    /// The trees, in boosting order.
    public private(set) var trees: [GBDTTree]
    /// Lines of the `parameters:` section (without the section markers), written back verbatim.
    public let parameters: [String]
    private var forest: CompiledForest

    /// Creates a booster.
    /// - Precondition: `featureInfos.count == featureNames.count` and every split feature exists.
    public init(
        featureNames: [String], featureInfos: [String], objective: String, transform: OutputTransform,
        averageOutput: Bool = false, trees: [GBDTTree], parameters: [String] = []
    ) {
        precondition(
            featureInfos.count == featureNames.count,
            "Booster.init: \(featureInfos.count) feature infos for \(featureNames.count) names")
        for tree in trees {
            for f in tree.splitFeature {
                precondition(f >= 0 && f < featureNames.count, "Booster.init: split feature \(f) out of range")
            }
        }
        self.featureNames = featureNames
        self.featureInfos = featureInfos
        self.objective = objective
        self.transform = transform
        self.averageOutput = averageOutput
        self.trees = trees
        self.parameters = parameters
        self.forest = CompiledForest(trees: trees)
    }

    /// Number of features a row must have.
    public var featureCount: Int { featureNames.count }

    /// Keeps only the first `count` trees.
    public mutating func truncate(toTreeCount count: Int) {
        precondition(count >= 0 && count <= trees.count, "Booster.truncate: \(count) of \(trees.count)")
        trees.removeLast(trees.count - count)
        forest = CompiledForest(trees: trees)
    }

    /// Raw score (sum of tree outputs, or their mean with `averageOutput`) for one row.
    /// - Complexity: O(trees x depth).
    public func predictRaw(row: UnsafePointer<Double>) -> Double {
        let raw = forest.sum(row: row)
        return averageOutput && !trees.isEmpty ? raw / Double(trees.count) : raw
    }

    /// Prediction (transformed raw score) for one row of `featureCount` values.
    /// - Precondition: `row.count == featureCount`.
    public func predict(_ row: [Double]) -> Double {
        precondition(row.count == featureCount, "Booster.predict: \(row.count) values for \(featureCount) features")
        let padded = row.isEmpty ? [0.0] : row
        return padded.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return .nan }
            return transform.apply(predictRaw(row: base))
        }
    }

    /// Predictions for every row of `matrix`, computed on all cores.
    /// - Precondition: `matrix.columnCount == featureCount`.
    /// - Complexity: O(rows x trees x depth).
    public func predict(_ matrix: DenseMatrix, raw: Bool = false) -> [Double] {
        precondition(
            matrix.columnCount == featureCount,
            "Booster.predict: matrix has \(matrix.columnCount) columns for \(featureCount) features")
        let n = matrix.rowCount
        let width = matrix.columnCount
        var out = [Double](repeating: 0, count: n)
        if n == 0 { return out }
        let blockSize = 4096
        let blocks = (n + blockSize - 1) / blockSize
        let transform = self.transform
        let divisor = averageOutput && !trees.isEmpty ? Double(trees.count) : 1
        matrix.values.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { ys in
                guard let x = xs.baseAddress, let y = ys.baseAddress else { return }
                let xAddress = UInt(bitPattern: x)
                let yAddress = UInt(bitPattern: y)
                forest.withUnsafeParts { parts in
                    DispatchQueue.concurrentPerform(iterations: blocks) { b in
                        // Addresses cross the closure boundary as integers: each block writes its own rows.
                        guard let xp = UnsafePointer<Double>(bitPattern: xAddress),
                            let yp = UnsafeMutablePointer<Double>(bitPattern: yAddress)
                        else { return }
                        let start = b * blockSize
                        let end = min(n, start + blockSize)
                        var r0 = start
                        while r0 < end {
                            let count = min(64, end - r0)
                            parts.accumulate(rows: xp + r0 * width, width: width, count: count, into: yp + r0)
                            for r in r0..<(r0 + count) {
                                let s = yp[r] / divisor
                                yp[r] = raw ? s : transform.apply(s)
                            }
                            r0 += count
                        }
                    }
                }
            }
        }
        return out
    }
}

/// The trees flattened into one node array for fast prediction. Children are stored in pairs
/// (`children[2n]` left, `children[2n+1]` right) so a decision is an index, not a branch;
/// `>= 0` is a node, `< 0` the leaf `~index` in `leaves`.
struct CompiledForest: Sendable, Equatable {
    struct Node: Sendable, Equatable {
        var threshold: Double
        var feature: Int32
        /// Where NaN goes (1 = right): the default side for NaN-missing splits, the side of 0
        /// otherwise (LightGBM reads NaN as 0 there).
        var nanRight: UInt8
        /// Missing type Zero: take the exact (slow) LightGBM rule.
        var zeroMissing: UInt8
        var decision: UInt8
    }
    var nodes: [Node] = []
    var children: [Int32] = []
    var leaves: [Double] = []
    var roots: [Int32] = []
    /// Longest root-to-leaf path of each tree.
    var depths: [Int32] = []
    /// Whether a tree has a missing-type-Zero split (scalar path only).
    var hasZeroMissing: [Bool] = []

    init(trees: [GBDTTree]) {
        for tree in trees {
            let nodeBase = Int32(nodes.count)
            let leafBase = Int32(leaves.count)
            func encode(_ child: Int) -> Int32 {
                child >= 0 ? nodeBase + Int32(child) : ~(leafBase + Int32(~child))
            }
            depths.append(Int32(Self.depth(of: tree)))
            hasZeroMissing.append(tree.decisionType.contains { DecisionType.missingType($0) == 1 })
            if tree.numLeaves <= 1 {
                roots.append(~leafBase)
            } else {
                roots.append(nodeBase)
                for i in 0..<(tree.numLeaves - 1) {
                    let d = tree.decisionType[i]
                    let missing = DecisionType.missingType(d)
                    let nanRight: Bool
                    if missing == 2 {
                        nanRight = d & DecisionType.defaultLeftMask == 0
                    } else {
                        nanRight = !DecisionType.goesLeft(.nan, threshold: tree.threshold[i], decisionType: d)
                    }
                    nodes.append(
                        Node(
                            threshold: tree.threshold[i], feature: Int32(tree.splitFeature[i]),
                            nanRight: nanRight ? 1 : 0, zeroMissing: missing == 1 ? 1 : 0, decision: d))
                    children.append(encode(tree.leftChild[i]))
                    children.append(encode(tree.rightChild[i]))
                }
            }
            leaves.append(contentsOf: tree.leafValue)
        }
    }

    static func depth(of tree: GBDTTree) -> Int {
        if tree.numLeaves <= 1 { return 0 }
        var best = 0
        var stack = [(0, 1)]
        while let (node, d) = stack.popLast() {
            best = max(best, d)
            for c in [tree.leftChild[node], tree.rightChild[node]] where c >= 0 { stack.append((c, d + 1)) }
        }
        return best
    }

    struct Parts: @unchecked Sendable {
        let depths: UnsafePointer<Int32>
        let hasZeroMissing: UnsafePointer<Bool>
        let nodes: UnsafePointer<Node>
        let children: UnsafePointer<Int32>
        let leaves: UnsafePointer<Double>
        let roots: UnsafePointer<Int32>
        let treeCount: Int

        /// The leaf value tree `t` gives `row`.
        @inline(__always)
        func tree(_ t: Int, row: UnsafePointer<Double>) -> Double {
            var n = roots[t]
            while n >= 0 {
                let node = nodes[Int(n)]
                let x = row[Int(node.feature)]
                var right: Int
                if node.zeroMissing == 0 {
                    let above = x <= node.threshold ? 0 : 1
                    right = x.isNaN ? Int(node.nanRight) : above
                } else {
                    right = DecisionType.goesLeft(x, threshold: node.threshold, decisionType: node.decision) ? 0 : 1
                }
                n = children[2 &* Int(n) &+ right]
            }
            return leaves[Int(~n)]
        }

        @inline(__always)
        func sum(row: UnsafePointer<Double>) -> Double {
            var total = 0.0
            for t in 0..<treeCount { total += tree(t, row: row) }
            return total
        }

        /// Adds every tree's output to `out[0..<count]` for rows `x + r * width` (count <= 64),
        /// tree by tree (each row's sum keeps LightGBM's tree order, so the bits match
        /// `sum(row:)`). All rows walk a tree in lockstep for its full depth with branch-free
        /// steps (a row that reached its leaf stays there), so their loads overlap.
        @inline(__always)
        func accumulate(rows x: UnsafePointer<Double>, width: Int, count: Int, into out: UnsafeMutablePointer<Double>) {
            precondition(count <= 64, "CompiledForest.accumulate: count \(count) > 64")
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 64) { cur in
                for r in 0..<count { out[r] = 0 }
                for t in 0..<treeCount {
                    if hasZeroMissing[t] {
                        for r in 0..<count { out[r] += tree(t, row: x + r &* width) }
                        continue
                    }
                    let root = roots[t]
                    for r in 0..<count { cur[r] = root }
                    for _ in 0..<depths[t] {
                        for r in 0..<count {
                            let c = cur[r]
                            let safe = Int(c < 0 ? root : c)
                            let node = nodes[safe]
                            let v = x[r &* width &+ Int(node.feature)]
                            let above = v <= node.threshold ? 0 : 1
                            let right = v.isNaN ? Int(node.nanRight) : above
                            let child = children[2 &* safe &+ right]
                            cur[r] = c < 0 ? c : child
                        }
                    }
                    for r in 0..<count { out[r] += leaves[Int(~cur[r])] }
                }
            }
        }
    }

    func withUnsafeParts<R>(_ body: (Parts) -> R) -> R {
        nodes.withUnsafeBufferPointer { np in
            children.withUnsafeBufferPointer { cp in
                leaves.withUnsafeBufferPointer { lp in
                    roots.withUnsafeBufferPointer { rp in
                  depths.withUnsafeBufferPointer { dp in
                    hasZeroMissing.withUnsafeBufferPointer { zp in
                        let dummy = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
                        defer { dummy.deallocate() }
                        return body(
                            Parts(
                                depths: dp.baseAddress ?? UnsafePointer(dummy.assumingMemoryBound(to: Int32.self)),
                                hasZeroMissing: zp.baseAddress ?? UnsafePointer(dummy.assumingMemoryBound(to: Bool.self)),
                                nodes: np.baseAddress ?? UnsafePointer(dummy.assumingMemoryBound(to: Node.self)),
                                children: cp.baseAddress ?? UnsafePointer(dummy.assumingMemoryBound(to: Int32.self)),
                                leaves: lp.baseAddress ?? UnsafePointer(dummy.assumingMemoryBound(to: Double.self)),
                                roots: rp.baseAddress ?? UnsafePointer(dummy.assumingMemoryBound(to: Int32.self)),
                                treeCount: rp.count))
                    }
                  }
                }
                }
            }
        }
    }

    func sum(row: UnsafePointer<Double>) -> Double { withUnsafeParts { $0.sum(row: row) } }
}
