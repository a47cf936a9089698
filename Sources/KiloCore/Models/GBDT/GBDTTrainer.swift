import Foundation

/// One boosting round's report to the caller.
public struct GBDTProgress: Sendable, Equatable {
    /// 1-based round just finished.
    public let iteration: Int
    /// Rounds requested.
    public let totalIterations: Int
    /// LightGBM metric name (`l2`, `huber`, `binary_logloss`).
    public let metricName: String
    /// Metric on the training rows.
    public let trainMetric: Double
    /// Metric on the validation rows, when given.
    public let validMetric: Double?
    /// Round with the best validation metric so far (1-based), or `iteration` without validation.
    public let bestIteration: Int
}

/// What training produced.
public struct GBDTTrainingResult: Sendable {
    /// The model: cut at `bestIteration` trees with early stopping, else every tree trained.
    public let booster: Booster
    /// Round with the best validation metric (1-based); the last round without validation.
    public let bestIteration: Int
    /// Every round's report.
    public let history: [GBDTProgress]
    /// Whether early stopping ended training before `num_iterations`.
    public let stoppedEarly: Bool
}

/// Gradient boosting with LightGBM's algorithm and parameters (`GBDT::TrainOneIter`).
public enum GBDTTrainer {
    /// Trains a booster.
    /// - Parameters:
    ///   - features: training rows; missing values are NaN.
    ///   - labels: one label per row (0/1 for `binary`).
    ///   - featureNames: one name per column, without spaces.
    ///   - validation: optional held-out rows for the metric and early stopping.
    ///   - config: LightGBM parameters.
    ///   - cancellation: polled between rounds.
    ///   - cache: where the binned training rows are kept for later fits on the same rows
    ///     (`tune`'s trials of one fold); `nil` bins them for this fit only.
    ///   - progress: called after every round.
    /// - Throws: `ModelError.invalidConfig`, `.invalidTrainingData`, `.featureMismatch`, `.cancelled`.
    /// - Complexity: O(rounds x (rows x features + leaves x features x bins)).
    public static func train(
        features: DenseMatrix, labels: [Double], featureNames: [String],
        validation: (features: DenseMatrix, labels: [Double])? = nil, config: LightGBMConfig,
        cancellation: CancellationToken = .never, cache: RunCache? = nil, progress: (GBDTProgress) -> Void = { _ in }
    ) throws(ModelError) -> GBDTTrainingResult {
        do { try config.validate(prefix: "models.lightgbm") } catch { throw .invalidConfig(reason: error.description) }
        guard featureNames.count == features.columnCount else {
            throw .featureMismatch(expected: features.columnCount, got: featureNames.count)
        }
        for name in featureNames where name.isEmpty || name.contains(where: { $0.isWhitespace || $0 == "=" }) {
            throw .invalidFeature(name: name, reason: "names must be non-empty without spaces or '='")
        }
        guard labels.count == features.rowCount, features.rowCount > 0 else {
            throw .invalidTrainingData(reason: "\(labels.count) labels for \(features.rowCount) rows")
        }
        if let v = validation {
            guard v.features.columnCount == features.columnCount else {
                throw .featureMismatch(expected: features.columnCount, got: v.features.columnCount)
            }
            guard v.labels.count == v.features.rowCount else {
                throw .invalidTrainingData(reason: "\(v.labels.count) validation labels for \(v.features.rowCount) rows")
            }
        }
        let objective = try Objective(config: config)
        try objective.checkLabels(labels)
        if let v = validation { try objective.checkLabels(v.labels) }

        let threads = config.numThreads == 0 ? ProcessInfo.processInfo.activeProcessorCount : config.numThreads
        let dataset = BinnedDataset.binning(features, config: config, cache: cache)
        let learner = TreeLearner(dataset: dataset, config: config, threads: threads)
        let n = features.rowCount
        let f = features.columnCount
        let initScore = objective.initialScore(labels: labels)
        var scores = [Double](repeating: initScore, count: n)
        var validScores = [Double](repeating: initScore, count: validation?.labels.count ?? 0)
        // The validation rows column by column: each tree reads a split feature for every row.
        let validColumns = validation?.features.columnMajorValues ?? []
        let rowGradients = RowGradients(count: n)
        let root = SplitMix64(seed: config.seed)
        var bagRNG = root.split(stream: 1)
        var featureRNG = root.split(stream: 2)
        let bagging = config.baggingFreq > 0 && config.baggingFraction < 1
        var bagRows: [Int32]? = nil
        var inBag = [Bool](repeating: true, count: n)

        var trees: [GBDTTree] = []
        var history: [GBDTProgress] = []
        var bestMetric = Double.infinity
        var bestIteration = 0
        var stoppedEarly = false

        for iteration in 0..<config.numIterations {
            if cancellation.isCancelled { throw .cancelled }
            rowGradients.fill(objective: objective, scores: scores, labels: labels, threads: threads)
            if bagging && iteration % config.baggingFreq == 0 {
                bagRows = sampleRows(n, count: max(1, Int(config.baggingFraction * Double(n))), rng: &bagRNG)
                for i in 0..<n { inBag[i] = false }
                for r in bagRows ?? [] { inBag[Int(r)] = true }
            }
            let used = sampleFeatures(f, fraction: config.featureFraction, rng: &featureRNG)
            let grown = learner.train(
                gradients: rowGradients.gradients, hessians: rowGradients.hessians,
                constantHessian: objective.constantHessian, rows: bagRows, features: used)
            if grown.numLeaves <= 1 {
                // LightGBM stops when no leaf meets the split requirements.
                if trees.isEmpty {
                    trees.append(GBDTTree(constant: initScore))
                    bestIteration = 1
                }
                break
            }
            var tree = makeTree(grown, dataset: dataset, learningRate: config.learningRate)
            updateTrainScores(
                &scores, tree: tree, grown: grown, learner: learner, dataset: dataset, inBag: bagging ? inBag : nil)
            validColumns.withUnsafeBufferPointer { xs in
                guard let x = xs.baseAddress else { return }
                let rows = validScores.count
                for r in 0..<rows { validScores[r] += tree.predict(columns: x, row: r, rows: rows) }
            }
            if iteration == 0 && abs(initScore) > 1e-15 { tree.addBias(initScore) }
            trees.append(tree)

            let trainMetric = objective.metric(scores: scores, labels: labels)
            var validMetric: Double? = nil
            if let v = validation {
                let m = objective.metric(scores: validScores, labels: v.labels)
                validMetric = m
                if m < bestMetric {
                    bestMetric = m
                    bestIteration = iteration + 1
                }
            } else {
                bestIteration = iteration + 1
            }
            let report = GBDTProgress(
                iteration: iteration + 1, totalIterations: config.numIterations, metricName: objective.metricName,
                trainMetric: trainMetric, validMetric: validMetric, bestIteration: bestIteration)
            history.append(report)
            progress(report)
            if validation != nil && config.earlyStoppingRound > 0
                && iteration + 1 - bestIteration >= config.earlyStoppingRound
            {
                stoppedEarly = true
                break
            }
        }
        // With early stopping the model ends at the best validation round (what LightGBM saves
        // by default); without it every tree is kept.
        if config.earlyStoppingRound > 0 && validation != nil && trees.count > bestIteration {
            trees.removeLast(trees.count - bestIteration)
        }
        let booster = Booster(
            featureNames: featureNames, featureInfos: dataset.mappers.map(\.featureInfo),
            objective: objective.modelString, transform: objective.transform, trees: trees,
            parameters: parameterLines(config: config, metric: objective.metricName))
        return GBDTTrainingResult(
            booster: booster, bestIteration: bestIteration, history: history, stoppedEarly: stoppedEarly)
    }

    /// `count` of `n` rows, ascending, each subset equally likely (selection sampling).
    static func sampleRows(_ n: Int, count: Int, rng: inout SplitMix64) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(count)
        var needed = count
        for r in 0..<n where needed > 0 {
            if rng.nextUnit() * Double(n - r) < Double(needed) {
                out.append(Int32(r))
                needed -= 1
            }
        }
        return out
    }

    /// LightGBM's per-tree feature fraction: `max(1, round(f * fraction))` features, ascending.
    static func sampleFeatures(_ f: Int, fraction: Double, rng: inout SplitMix64) -> [Int] {
        if fraction >= 1 { return Array(0..<f) }
        let k = max(1, Int((Double(f) * fraction).rounded()))
        return sampleRows(f, count: k, rng: &rng).map(Int.init)
    }

    static func makeTree(_ g: TreeLearner.GrownTree, dataset: BinnedDataset, learningRate: Double) -> GBDTTree {
        let n = g.numLeaves - 1
        var thresholds: [Double] = []
        var decisions: [UInt8] = []
        for i in 0..<n {
            let m = dataset.mappers[g.splitFeature[i]]
            thresholds.append(m.threshold(ofBin: g.thresholdBin[i]))
            decisions.append(DecisionType.make(defaultLeft: g.defaultLeft[i], missing: m.missingType))
        }
        var tree = GBDTTree(
            numLeaves: g.numLeaves, splitFeature: g.splitFeature, splitGain: g.splitGain, threshold: thresholds,
            decisionType: decisions, leftChild: g.leftChild, rightChild: g.rightChild, leafValue: g.leafValue,
            leafWeight: g.leafWeight, leafCount: g.leafCount, internalValue: g.internalValue,
            internalWeight: g.internalWeight, internalCount: g.internalCount, shrinkage: 1)
        tree.shrink(by: learningRate)
        return tree
    }

    /// Adds the new tree's (shrunk) outputs to the training scores: bagged rows by the leaf
    /// partition, out-of-bag rows by walking the tree over their bins.
    static func updateTrainScores(
        _ scores: inout [Double], tree: GBDTTree, grown: TreeLearner.GrownTree, learner: TreeLearner,
        dataset: BinnedDataset, inBag: [Bool]?
    ) {
        let partition = learner.partition
        scores.withUnsafeMutableBufferPointer { s in
            guard let sb = s.baseAddress else { return }
            // Leaves own disjoint rows: one add per row, whichever core does it.
            let shared = SharedPointer(sb)
            let leafValue = tree.leafValue
            parallelFor(tree.numLeaves, threads: dataset.rowCount >= 65_536 ? learner.threads : 1) { leaf in
                let rows = partition.rows(of: leaf)
                let v = leafValue[leaf]
                for i in 0..<partition.count[leaf] { shared.base[Int(rows[i])] += v }
            }
            guard let inBag else { return }
            let nanBins = grown.splitFeature.map { dataset.mappers[$0].nanBin ?? -1 }
            for r in 0..<dataset.rowCount where !inBag[r] {
                var node = 0
                while node >= 0 {
                    let b = Int(dataset.column(grown.splitFeature[node])[r])
                    let left = b == nanBins[node] ? grown.defaultLeft[node] : b <= grown.thresholdBin[node]
                    node = left ? grown.leftChild[node] : grown.rightChild[node]
                }
                s[r] += tree.leafValue[~node]
            }
        }
    }

    static func parameterLines(config c: LightGBMConfig, metric: String) -> [String] {
        func g(_ x: Double) -> String { NumberFormat.short(x) }
        return [
            "[boosting: gbdt]", "[objective: \(c.objective)]", "[metric: \(metric)]",
            "[num_iterations: \(c.numIterations)]", "[learning_rate: \(g(c.learningRate))]",
            "[num_leaves: \(c.numLeaves)]", "[num_threads: \(c.numThreads)]", "[seed: \(c.seed)]",
            "[max_depth: \(c.maxDepth)]", "[min_data_in_leaf: \(c.minDataInLeaf)]",
            "[min_sum_hessian_in_leaf: \(g(c.minSumHessianInLeaf))]",
            "[bagging_fraction: \(g(c.baggingFraction))]", "[bagging_freq: \(c.baggingFreq)]",
            "[feature_fraction: \(g(c.featureFraction))]", "[early_stopping_round: \(c.earlyStoppingRound)]",
            "[lambda_l1: \(g(c.lambdaL1))]", "[lambda_l2: \(g(c.lambdaL2))]",
            "[min_gain_to_split: \(g(c.minGainToSplit))]", "[max_bin: \(c.maxBin)]",
            "[min_data_in_bin: \(c.minDataInBin)]", "[bin_construct_sample_cnt: \(c.binConstructSampleCnt)]",
            "[alpha: \(g(c.alpha))]", "",
        ]
    }
}
