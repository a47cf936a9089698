/// One regression tree in LightGBM's array layout (`include/LightGBM/tree.h`): internal nodes
/// `0..<numLeaves-1`, leaves `0..<numLeaves`; a child index `>= 0` is an internal node and `< 0`
/// is the leaf `~index`. Leaf values already include the learning rate (and, for the first tree,
/// the initial score).
public struct GBDTTree: Sendable, Equatable {
    /// Number of leaves (internal nodes are one fewer).
    public var numLeaves: Int
    /// Feature index each internal node splits on.
    public var splitFeature: [Int]
    /// Gain of each split (as LightGBM reports it: child gains minus the parent's).
    public var splitGain: [Double]
    /// Threshold of each split: `x <= threshold` goes left.
    public var threshold: [Double]
    /// LightGBM `decision_type` bits: 1 categorical, 2 default-left, bits 2-3 missing type.
    public var decisionType: [UInt8]
    /// Left child of each internal node.
    public var leftChild: [Int]
    /// Right child of each internal node.
    public var rightChild: [Int]
    /// Output of each leaf.
    public var leafValue: [Double]
    /// Sum of hessians in each leaf.
    public var leafWeight: [Double]
    /// Training rows in each leaf.
    public var leafCount: [Int]
    /// Output each internal node would have as a leaf.
    public var internalValue: [Double]
    /// Sum of hessians under each internal node.
    public var internalWeight: [Double]
    /// Training rows under each internal node.
    public var internalCount: [Int]
    /// Product of learning rates applied (1 after the initial score was added).
    public var shrinkage: Double

    /// A tree with a single leaf of value `value`.
    public init(constant value: Double) {
        numLeaves = 1
        splitFeature = []
        splitGain = []
        threshold = []
        decisionType = []
        leftChild = []
        rightChild = []
        leafValue = [value]
        leafWeight = [0]
        leafCount = [0]
        internalValue = []
        internalWeight = []
        internalCount = []
        shrinkage = 1
    }

    /// Creates a tree from LightGBM's arrays.
    /// - Precondition: internal arrays have `numLeaves - 1` entries and leaf arrays `numLeaves`.
    public init(
        numLeaves: Int, splitFeature: [Int], splitGain: [Double], threshold: [Double],
        decisionType: [UInt8], leftChild: [Int], rightChild: [Int], leafValue: [Double],
        leafWeight: [Double], leafCount: [Int], internalValue: [Double], internalWeight: [Double],
        internalCount: [Int], shrinkage: Double
    ) {
        let n = numLeaves - 1
        precondition(
            numLeaves >= 1 && splitFeature.count == n && splitGain.count == n && threshold.count == n
                && decisionType.count == n && leftChild.count == n && rightChild.count == n
                && leafValue.count == numLeaves && leafWeight.count == numLeaves
                && leafCount.count == numLeaves && internalValue.count == n
                && internalWeight.count == n && internalCount.count == n,
            "GBDTTree.init: array sizes do not match numLeaves \(numLeaves)")
        self.numLeaves = numLeaves
        self.splitFeature = splitFeature
        self.splitGain = splitGain
        self.threshold = threshold
        self.decisionType = decisionType
        self.leftChild = leftChild
        self.rightChild = rightChild
        self.leafValue = leafValue
        self.leafWeight = leafWeight
        self.leafCount = leafCount
        self.internalValue = internalValue
        self.internalWeight = internalWeight
        self.internalCount = internalCount
        self.shrinkage = shrinkage
    }

    /// The leaf a row falls into, routing as LightGBM's `Tree::NumericalDecision`.
    /// - Complexity: O(depth).
    public func leafIndex(row: UnsafePointer<Double>) -> Int { route { row[$0] } }

    /// The tree's output for a row of features.
    public func predict(row: UnsafePointer<Double>) -> Double { leafValue[leafIndex(row: row)] }

    /// The tree's output for row `r` of a column-major matrix of `rows` rows (feature `j` of row
    /// `r` at `columns[j * rows + r]`): the same routing as `predict(row:)`, but the rows of a
    /// block read each split feature from one contiguous column.
    /// - Complexity: O(depth).
    func predict(columns: UnsafePointer<Double>, row r: Int, rows: Int) -> Double {
        leafValue[route { columns[$0 &* rows &+ r] }]
    }

    /// The leaf reached when feature `j`'s value is `value(j)`.
    @inline(__always)
    private func route(_ value: (Int) -> Double) -> Int {
        if numLeaves <= 1 { return 0 }
        var node = 0
        while node >= 0 {
            let goesLeft = DecisionType.goesLeft(
                value(splitFeature[node]), threshold: threshold[node], decisionType: decisionType[node])
            node = goesLeft ? leftChild[node] : rightChild[node]
        }
        return ~node
    }

    /// Multiplies every output by `rate` (LightGBM `Tree::Shrinkage`).
    mutating func shrink(by rate: Double) {
        for i in leafValue.indices { leafValue[i] = DecisionType.roundToZero(leafValue[i] * rate) }
        for i in internalValue.indices { internalValue[i] = DecisionType.roundToZero(internalValue[i] * rate) }
        shrinkage *= rate
    }

    /// Adds `bias` to every output and resets the shrinkage to 1 (LightGBM `Tree::AddBias`).
    mutating func addBias(_ bias: Double) {
        for i in leafValue.indices { leafValue[i] = DecisionType.roundToZero(leafValue[i] + bias) }
        for i in internalValue.indices { internalValue[i] = DecisionType.roundToZero(internalValue[i] + bias) }
        shrinkage = 1
    }
}

/// LightGBM's `decision_type` bit layout and numerical decision rule.
public enum DecisionType {
    /// Bit 0: the split is categorical.
    public static let categoricalMask: UInt8 = 1
    /// Bit 1: missing values go left.
    public static let defaultLeftMask: UInt8 = 2
    /// LightGBM's `kZeroThreshold` (a `float` 1e-35 widened to `double`).
    public static let zeroThreshold = Double(Float(1e-35))

    /// How a split treats missing values (bits 2-3 of `decision_type`).
    public enum MissingType: UInt8, Sendable {
        case none = 0, zero = 1, nan = 2
    }

    /// Packs the bits of a numerical split.
    public static func make(defaultLeft: Bool, missing: MissingType) -> UInt8 {
        (defaultLeft ? defaultLeftMask : 0) | (missing.rawValue << 2)
    }

    /// The missing type encoded in `decisionType`.
    public static func missingType(_ decisionType: UInt8) -> UInt8 { (decisionType >> 2) & 3 }

    /// Whether `value` goes left, exactly as LightGBM's `Tree::NumericalDecision`.
    @inline(__always)
    public static func goesLeft(_ value: Double, threshold: Double, decisionType: UInt8) -> Bool {
        let missing = (decisionType >> 2) & 3
        var x = value
        if x.isNaN && missing != 2 { x = 0 }
        if (missing == 1 && x >= -zeroThreshold && x <= zeroThreshold) || (missing == 2 && x.isNaN) {
            return decisionType & defaultLeftMask != 0
        }
        return x <= threshold
    }

    /// LightGBM's `MaybeRoundToZero`.
    @inline(__always)
    static func roundToZero(_ x: Double) -> Double { abs(x) > zeroThreshold ? x : 0 }
}
