import Foundation

/// What `train MODEL SYMBOL --from-study NAME` did: the final model trained with the study's best
/// parameters on the standard chronological split, its one evaluation of the untouched test
/// split, and the two selection-aware statistics.
public struct StudyTrainingReport: Sendable {
    /// The study the parameters came from.
    public var study: StudyReport
    /// The best trial used.
    public var trial: StudyTrial
    /// The training run (files written, validation and test beside the baselines).
    public var training: TrainingReport
    /// Deflated Sharpe of the study's best trial.
    public var selection: SelectionStatistics?
    /// Diebold–Mariano test of the final model's squared errors on the test split against
    /// predicting zero (one-sided: the model's loss is smaller).
    public var dieboldMariano: DieboldMarianoTest?

    /// Whether either statistic is significant at `level` (DSR above 1 − level, or DM p below level).
    public func showsEdge(level: Double = 0.05) -> Bool {
        let dsr = selection?.deflated.map { $0.probability > 1 - level } ?? false
        let dm = dieboldMariano.map { $0.pValue < level } ?? false
        return dsr || dm
    }
}

extension Engine {
    /// Trains the final `model` for `symbol` with the best complete trial of study `name` (its
    /// parameters set on the model's section through the key table, its seed), writes the files
    /// as `train` does, evaluates the test split once, and computes the Deflated Sharpe Ratio of
    /// the study and the Diebold–Mariano test of the test-split losses against predicting zero.
    /// - Throws: `TuneError` (no such study, no complete trial, a study of another model or
    ///   symbol, a study made on other data or features), `ConfigError`, and training's errors.
    public func train(
        _ model: TuneModel, symbol: String, fromStudy name: String, cancellation: CancellationToken = .never,
        progress: (TrainingProgress) -> Void = { _ in }
    ) throws -> StudyTrainingReport {
        let study = try self.study(named: name)
        var job = try trainingJob(model.kind, symbol: symbol)
        let header = study.header
        guard header.model == model else {
            throw TuneError.wrongStudy(study: name, reason: "tuned \(header.model.rawValue), not \(model.rawValue)")
        }
        guard header.symbol == job.symbol else {
            throw TuneError.wrongStudy(study: name, reason: "tuned \(header.symbol), not \(job.symbol)")
        }
        if header.dataSHA256 != job.dataSHA256 {
            throw TuneError.studyMismatch(
                study: name, field: "data SHA-256", stored: header.dataSHA256, requested: job.dataSHA256)
        }
        let specHash = FeatureSpec.hash(of: job.features.matrix.specs)
        if header.specHash != specHash {
            throw TuneError.studyMismatch(study: name, field: "feature spec hash", stored: header.specHash, requested: specHash)
        }
        guard let best = study.best else { throw TuneError.noCompleteTrial(study: name) }
        job.config = try model.applying(best.record.parameters, to: job.config)
        job.seed = best.record.seed
        let (report, heldOut) = try job.runKeepingPredictions(cancellation: cancellation, progress: progress)
        let (predicted, actual) = heldOut.pairs("test")
        var modelLosses: [Double] = []
        var zeroLosses: [Double] = []
        for (p, y) in zip(predicted, actual) where p.isFinite && y.isFinite {
            modelLosses.append((p - y) * (p - y))
            zeroLosses.append(y * y)
        }
        return StudyTrainingReport(
            study: study, trial: best, training: report, selection: study.selection,
            dieboldMariano: DieboldMarianoTest.compare(modelLosses: modelLosses, baselineLosses: zeroLosses))
    }
}
