/// Grows one tree leaf-wise (LightGBM `SerialTreeLearner`): always split the leaf with the best
/// gain, build the smaller child's histogram and get the larger one's by subtraction from the
/// parent, until `num_leaves`, `max_depth` or the split limits stop it.
final class TreeLearner: @unchecked Sendable {
    let dataset: BinnedDataset
    let config: LightGBMConfig
    let parameters: SplitParameters
    let threads: Int
    let partition: DataPartition
    /// One histogram per leaf slot, allocated the first time the slot is used (large
    /// `num_leaves` only costs memory for the leaves trees really grow).
    private var histograms: [Histogram?]
    /// Whether the histograms store no hessian (every hessian is 1; see `Histogram`).
    private var unitHessian = false
    private let binCounts: [Int]
    private let scratch: RowWiseScratch
    /// The split scans' storage, one per child scanned at once.
    private let scanScratch = [SplitFinder.ScanScratch(), SplitFinder.ScanScratch()]
    private let orderedGradients: UnsafeMutablePointer<Double>
    private let orderedHessians: UnsafeMutablePointer<Double>

    /// A tree in bin space, plus its rows per leaf, before conversion to a `GBDTTree`.
    struct GrownTree {
        var numLeaves = 1
        var splitFeature: [Int] = []
        var thresholdBin: [Int] = []
        var defaultLeft: [Bool] = []
        var splitGain: [Double] = []
        var leftChild: [Int] = []
        var rightChild: [Int] = []
        var leafValue: [Double] = [0]
        var leafWeight: [Double] = [0]
        var leafCount: [Int] = [0]
        var leafParent: [Int] = [-1]
        var leafDepth: [Int] = [0]
        var internalValue: [Double] = []
        var internalWeight: [Double] = []
        var internalCount: [Int] = []
    }

    init(dataset: BinnedDataset, config: LightGBMConfig, threads: Int) {
        self.dataset = dataset
        self.config = config
        self.parameters = SplitParameters(config: config)
        self.threads = threads
        partition = DataPartition(capacity: dataset.rowCount, maxLeaves: config.numLeaves)
        let binCounts = dataset.mappers.map(\.binCount)
        self.binCounts = binCounts
        histograms = [Histogram?](repeating: nil, count: config.numLeaves)
        scratch = RowWiseScratch(binCounts: binCounts, workers: threads)
        orderedGradients = UnsafeMutablePointer<Double>.allocate(capacity: max(1, dataset.rowCount))
        orderedHessians = UnsafeMutablePointer<Double>.allocate(capacity: max(1, dataset.rowCount))
    }

    deinit {
        orderedGradients.deallocate()
        orderedHessians.deallocate()
    }

    /// Grows a tree on `rows` (nil = all rows) with the given per-row gradients.
    /// - Parameters:
    ///   - constantHessian: when non-nil every hessian equals it and `hessians` is not read.
    ///   - features: the features this tree may split on (feature fraction), ascending.
    func train(
        gradients: UnsafePointer<Double>, hessians: UnsafePointer<Double>, constantHessian: Double?,
        rows: [Int32]?, features: [Int]
    ) -> GrownTree {
        partition.reset(rows: rows)
        if unitHessian != (constantHessian == 1) {
            unitHessian = constantHessian == 1
            histograms = [Histogram?](repeating: nil, count: config.numLeaves)
        }
        let usable = features.filter { !dataset.mappers[$0].isTrivial }
        var tree = GrownTree()
        let rootCount = partition.count[0]
        var sumG = 0.0
        var sumH = 0.0
        let rootRows = partition.rows(of: 0)
        for i in 0..<rootCount {
            let r = Int(rootRows[i])
            sumG += gradients[r]
            sumH += constantHessian ?? hessians[r]
        }
        if constantHessian != nil { sumH = Double(rootCount) * (constantHessian ?? 1) }
        tree.leafValue[0] = parameters.leafOutput(sumGradient: sumG, sumHessian: sumH)
        tree.leafWeight[0] = sumH
        tree.leafCount[0] = rootCount
        var best = [SplitInfo](repeating: SplitInfo(), count: config.numLeaves)
        if usable.isEmpty || config.numLeaves < 2 { return tree }

        buildHistogram(
            leaf: 0, allRows: rows == nil, gradients: gradients, hessians: hessians,
            constantHessian: constantHessian, features: usable)
        if canSplit(count: rootCount, sumHessian: sumH, depth: 0) {
            best[0] = findBestSplit(
                histogram(0), features: usable, sumG: sumG, sumH: sumH, count: rootCount, scratch: scanScratch[0])
        }
        while tree.numLeaves < config.numLeaves {
            var bestLeaf = -1
            for l in 0..<tree.numLeaves where best[l].isValid {
                if bestLeaf < 0 || best[l].gain > best[bestLeaf].gain { bestLeaf = l }
            }
            guard bestLeaf >= 0, best[bestLeaf].gain > 0 else { break }
            let split = best[bestLeaf]
            let newLeaf = tree.numLeaves
            applySplit(&tree, leaf: bestLeaf, split: split)
            let mapper = dataset.mappers[split.feature]
            var goesLeft = [Bool](repeating: false, count: mapper.binCount)
            for b in 0..<mapper.binCount {
                goesLeft[b] = b == mapper.nanBin ? split.defaultLeft : b <= split.thresholdBin
            }
            partition.split(
                leaf: bestLeaf, newLeaf: newLeaf, column: dataset.column(split.feature), goesLeft: goesLeft,
                threads: threads)
            best[bestLeaf] = SplitInfo()
            best[newLeaf] = SplitInfo()
            if tree.numLeaves >= config.numLeaves { break }
            let leftOK = canSplit(
                count: split.leftCount, sumHessian: split.leftSumHessian, depth: tree.leafDepth[bestLeaf])
            let rightOK = canSplit(
                count: split.rightCount, sumHessian: split.rightSumHessian, depth: tree.leafDepth[newLeaf])
            if !leftOK && !rightOK { continue }
            // The parent's histogram sits in slot `bestLeaf`; build the smaller child, subtract.
            let leftSmaller = partition.count[bestLeaf] < partition.count[newLeaf]
            let smaller = leftSmaller ? bestLeaf : newLeaf
            let larger = leftSmaller ? newLeaf : bestLeaf
            if smaller == bestLeaf {
                // Move the parent to the new leaf's slot (its old histogram, if any, is free).
                histograms.swapAt(bestLeaf, newLeaf)
            }
            buildHistogram(
                leaf: smaller, allRows: false, gradients: gradients, hessians: hessians,
                constantHessian: constantHessian, features: usable)
            histogram(larger).subtract(histogram(smaller), features: usable)
            // Both children's best splits, one per core.
            let found = UnsafeMutablePointer<SplitInfo>.allocate(capacity: 2)
            found.initialize(repeating: SplitInfo(), count: 2)
            let shared = SharedPointer(found)
            let jobs = [
                leftOK ? (histogram(bestLeaf), split.leftSumGradient, split.leftSumHessian, split.leftCount) : nil,
                rightOK ? (histogram(newLeaf), split.rightSumGradient, split.rightSumHessian, split.rightCount) : nil,
            ]
            parallelFor(2, threads: threads) { k in
                guard let (hist, g, h, n) = jobs[k] else { return }
                shared.base[k] = self.findBestSplit(
                    hist, features: usable, sumG: g, sumH: h, count: n, scratch: self.scanScratch[k])
            }
            best[bestLeaf] = found[0]
            best[newLeaf] = found[1]
            found.deinitialize(count: 2)
            found.deallocate()
        }
        return tree
    }

    private func histogram(_ leaf: Int) -> Histogram {
        if let h = histograms[leaf] { return h }
        let h = Histogram(binCounts: binCounts, unitHessian: unitHessian)
        histograms[leaf] = h
        return h
    }

    private func canSplit(count: Int, sumHessian: Double, depth: Int) -> Bool {
        if config.maxDepth > 0 && depth >= config.maxDepth { return false }
        return count >= 2 * config.minDataInLeaf && sumHessian >= 2 * config.minSumHessianInLeaf
    }

    private func buildHistogram(
        leaf: Int, allRows: Bool, gradients: UnsafePointer<Double>, hessians: UnsafePointer<Double>,
        constantHessian: Double?, features: [Int]
    ) {
        let n = partition.count[leaf]
        let rows = partition.rows(of: leaf)
        let rowWise = features.count * 2 >= dataset.featureCount
        var grad: HistogramBuilder.Gradients
        if allRows {
            grad = .init(
                gradients: gradients, hessians: constantHessian == nil ? hessians : nil,
                constantHessian: constantHessian ?? 1)
        } else if rowWise {
            grad = .init(
                gradients: gradients, hessians: constantHessian == nil ? hessians : nil,
                constantHessian: constantHessian ?? 1)
            grad.byRow = true
        } else {
            for i in 0..<n { orderedGradients[i] = gradients[Int(rows[i])] }
            if constantHessian == nil {
                for i in 0..<n { orderedHessians[i] = hessians[Int(rows[i])] }
            }
            grad = .init(
                gradients: orderedGradients, hessians: constantHessian == nil ? orderedHessians : nil,
                constantHessian: constantHessian ?? 1)
        }
        if rowWise {
            HistogramBuilder.buildRowWise(
                into: histogram(leaf), scratch: scratch, dataset: dataset, features: features,
                rows: allRows ? nil : UnsafePointer(rows), count: n, grad: grad, threads: threads)
        } else {
            HistogramBuilder.build(
                into: histogram(leaf), dataset: dataset, features: features,
                rows: allRows ? nil : UnsafePointer(rows), count: n, grad: grad, threads: threads)
        }
    }

    /// The best split of a leaf whose histogram `h` is built: without L1 in the bounded pair scans
    /// (`SplitScan+Leaf.swift`), else feature by feature. Safe to call from two threads with
    /// different `scratch`.
    private func findBestSplit(
        _ h: Histogram, features: [Int], sumG: Double, sumH: Double, count: Int, scratch: SplitFinder.ScanScratch
    ) -> SplitInfo {
        if parameters.lambdaL1 == 0 {
            let slots = features.map { j in
                SplitFinder.FeatureSlot(
                    feature: j, entries: UnsafePointer(h.feature(j)), binCount: dataset.mappers[j].binCount,
                    hasNaNBin: dataset.mappers[j].missingType == .nan)
            }
            return SplitFinder.bestSplitWithoutL1(
                slots, entry: h.entry,
                sums: .init(gradient: sumG, hessian: sumH, count: count, parameters: parameters),
                parameters: parameters, scratch: scratch)
        }
        var best = SplitInfo()
        for j in features {
            let m = dataset.mappers[j]
            let candidate = SplitFinder.bestThreshold(
                entries: h.feature(j), entry: h.entry, binCount: m.binCount, hasNaNBin: m.missingType == .nan, feature: j,
                sumGradient: sumG, sumHessian: sumH, count: count, parameters: parameters)
            if candidate.isBetter(than: best) { best = candidate }
        }
        return best
    }

    /// LightGBM `Tree::Split`: the leaf becomes internal node `numLeaves - 1`; its left child
    /// keeps the leaf's index and the right child is the new leaf `numLeaves`.
    private func applySplit(_ t: inout GrownTree, leaf: Int, split: SplitInfo) {
        let node = t.numLeaves - 1
        let parent = t.leafParent[leaf]
        if parent >= 0 {
            if t.leftChild[parent] == ~leaf { t.leftChild[parent] = node } else { t.rightChild[parent] = node }
        }
        t.splitFeature.append(split.feature)
        t.thresholdBin.append(split.thresholdBin)
        t.defaultLeft.append(split.defaultLeft)
        t.splitGain.append(split.gain)
        t.leftChild.append(~leaf)
        t.rightChild.append(~t.numLeaves)
        t.internalValue.append(t.leafValue[leaf])
        t.internalWeight.append(split.leftSumHessian + split.rightSumHessian)
        t.internalCount.append(split.leftCount + split.rightCount)
        t.leafParent[leaf] = node
        t.leafParent.append(node)
        t.leafValue[leaf] = split.leftOutput.isNaN ? 0 : split.leftOutput
        t.leafValue.append(split.rightOutput.isNaN ? 0 : split.rightOutput)
        t.leafWeight[leaf] = split.leftSumHessian
        t.leafWeight.append(split.rightSumHessian)
        t.leafCount[leaf] = split.leftCount
        t.leafCount.append(split.rightCount)
        t.leafDepth.append(t.leafDepth[leaf] + 1)
        t.leafDepth[leaf] += 1
        t.numLeaves += 1
    }
}
