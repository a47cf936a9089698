import Foundation

/// Everything one study's trials need, captured from the engine so trials can run in parallel:
/// the symbol's features, the walk-forward folds over the rows before the chronological test split
/// (with the training embargo), each fold's train-only preprocessor, the objective and the fee.
///
/// The test split is never read: the folds end where the chronological split's validation part
/// ends, and every fold's rows lie before `searchEnd`.
public struct TuneJob: Sendable {
    /// The model searched.
    public var model: TuneModel
    /// The training run every trial copies (its config is the base the parameters are set on;
    /// it writes no files).
    public var base: TrainingJob
    /// The folds, oldest first.
    public var folds: [DataSplit]
    /// Each fold's preprocessor, fit on that fold's training rows only.
    public var preprocessors: [Preprocessor]
    /// Each fold's work shared by its trials (the scaled rows; LightGBM's binned training rows):
    /// trials differ only in their parameters, so what does not depend on them is done once.
    public var foldCaches: [RunCache]
    /// The first row the search may not read: the chronological split's test start, less the embargo.
    public var searchEnd: Int
    /// What a trial is scored by.
    public var objective: TuneObjective
    /// `trading.fee`, the cost per unit of position change in the net return.
    public var fee: Double

    /// What one trial produced (also a tune-trial job's result, `TrialJob.Outcome`).
    public struct Outcome: Sendable, Equatable, Codable {
        /// The objective on each fold that finished.
        public var foldValues: [Double]
        /// Complete, pruned or failed; `nil` when the run was interrupted before the trial finished.
        public var state: TrialState?
        /// Why it failed.
        public var failure: String?
        /// The mean per-fold net-return Sharpe over the finished folds.
        public var netSharpe: Double?
        /// Moments of the pooled net returns of the finished folds.
        public var netMoments: Moments?
        /// Wall time.
        public var seconds: Double
    }

    /// Runs one trial: for each fold, trains the model with `parameters` set on its config section
    /// (early stopping on the fold's validation block), predicts the fold's held-out block and
    /// scores it; after each fold asks `shouldPrune` with the values so far. Cancellation is
    /// looked at between folds only, so a running fold always finishes.
    /// - Parameters:
    ///   - parameters: The trial's values, by key name of the model's section.
    ///   - seed: The trial's model seed.
    ///   - threadsPerTrial: LightGBM's `num_threads` for this trial (`nil` keeps the config's).
    ///   - shouldPrune: Called with the fold values after each fold but the last.
    ///   - foldStarted: Called with the fold index before it trains.
    /// - Complexity: `folds` model fits.
    public func runTrial(
        parameters: TrialParameters, seed: UInt64, threadsPerTrial: Int? = nil, cancellation: CancellationToken,
        shouldPrune: ([Double]) -> Bool, foldStarted: (Int) -> Void = { _ in }
    ) -> Outcome {
        let started = Date()
        var outcome = Outcome(foldValues: [], state: nil, failure: nil, netSharpe: nil, netMoments: nil, seconds: 0)
        var sharpes: [Double] = []
        var pooled: [Double] = []
        do {
            var job = base
            job.writesFiles = false
            job.seed = seed
            job.config = try model.applying(parameters, to: base.config)
            if let threadsPerTrial { job.config.models.lightgbm.numThreads = threadsPerTrial }
            for (k, split) in folds.enumerated() {
                if cancellation.isCancelled { break }
                foldStarted(k)
                job.features.split = split
                job.features.preprocessor = preprocessors[k]
                let (_, heldOut) = try job.fitAndEvaluateKeepingPredictions(
                    split: split, preprocessor: preprocessors[k], cancellation: .never, cache: foldCaches[k],
                    progress: { _ in })
                let (predicted, actual) = heldOut.pairs("test")
                let net = TuneScore.netReturns(predictions: predicted, actual: actual, fee: fee)
                pooled += net
                sharpes.append(TuneScore.sharpe(net))
                outcome.foldValues.append(objective.foldValue(predictions: predicted, actual: actual, fee: fee))
                if k + 1 < folds.count, shouldPrune(outcome.foldValues) {
                    outcome.state = .pruned
                    break
                }
                if k + 1 == folds.count { outcome.state = .complete }
            }
            if let value = outcome.foldValues.last, !value.isFinite, outcome.state != nil {
                outcome.state = .failed
                outcome.failure = "the objective is not finite on fold \(outcome.foldValues.count)"
            }
        } catch {
            outcome.state = .failed
            outcome.failure = "\(error)"
        }
        if !sharpes.isEmpty {
            outcome.netSharpe = sharpes.reduce(0, +) / Double(sharpes.count)
            outcome.netMoments = Moments(pooled)
        }
        outcome.seconds = Date().timeIntervalSince(started)
        return outcome
    }

    /// The mean of the fold values (the trial's objective).
    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The model seed of trial `number` in a study seeded `seed`: a SplitMix64 draw, so trials
    /// differ and the same (seed, number) always gives the same model.
    /// - Complexity: O(1).
    public static func trialSeed(studySeed: UInt64, number: Int) -> UInt64 {
        var generator = SplitMix64(seed: studySeed ^ (UInt64(number) &* 0xD1B5_4A32_D192_ED03))
        return generator.next() >> 33
    }
}
