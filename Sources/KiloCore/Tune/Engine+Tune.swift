import Foundation

/// What `tune` was asked: the model, the symbol and the overrides of `tune.*`.
public struct TuneRequest: Sendable, Equatable {
    public var model: TuneModel
    public var symbol: String
    /// `tune.trials` unless given.
    public var trials: Int?
    /// `tune.folds` unless given.
    public var folds: Int?
    /// `tune.objective` unless given.
    public var objective: TuneObjective?
    /// The study's name; `MODEL_SYMBOL` unless given.
    public var study: String?
    /// Seconds after which no new trial starts.
    public var timeout: Double?
    /// `tune.parallel_trials` unless given.
    public var parallelTrials: Int?

    public init(
        model: TuneModel, symbol: String, trials: Int? = nil, folds: Int? = nil, objective: TuneObjective? = nil,
        study: String? = nil, timeout: Double? = nil, parallelTrials: Int? = nil
    ) {
        self.model = model
        self.symbol = symbol
        self.trials = trials
        self.folds = folds
        self.objective = objective
        self.study = study
        self.timeout = timeout
        self.parallelTrials = parallelTrials
    }
}

extension Engine {
    /// The folder of the study files, `tune.studies_dir`.
    public var studiesFolder: String { config.tune.studiesDir }

    /// The default study name of `model` on `symbol`: `lightgbm_BTCEUR`.
    public static func defaultStudyName(_ model: TuneModel, symbol: String) -> String {
        "\(model.rawValue)_\(symbol.uppercased())"
    }

    /// The trials' shared inputs for `model` on a loaded `symbol`: `folds` expanding walk-forward
    /// folds over the usable rows before the chronological test split (ending where its validation
    /// part ends, so the embargo before the test split is kept), each with a preprocessor fit on its
    /// training rows only. The base config carries the search's trial budget
    /// (`TuneConfig.budgeted`: GRU's `tune.gru_epochs` and `tune.gru_patience`).
    /// - Throws: `DataError` for a symbol not loaded, `FeatureError`, `TuneError.tooFewRows`.
    public func tuneJob(_ model: TuneModel, symbol: String, folds: Int, objective: TuneObjective) throws -> TuneJob {
        let base = try trainingJob(model.kind, symbol: symbol)
        let matrix = base.features.matrix
        guard let split = base.features.split else {
            throw TuneError.tooFewRows(symbol: base.symbol, rows: matrix.rowCount, folds: folds)
        }
        let region = usableRows(of: matrix).lowerBound..<split.validation.upperBound
        let splits = DataSplit.walkForward(usable: region, folds: folds, embargo: split.embargo)
        guard splits.count == folds, splits.allSatisfy({ !$0.test.isEmpty }) else {
            throw TuneError.tooFewRows(symbol: base.symbol, rows: region.count, folds: folds)
        }
        let preprocessors = try splits.map { fold in
            try Preprocessor.fit(matrix, trainingRows: fold.train, config: config.features)
        }
        var job = base
        job.writesFiles = false
        job.config = config.tune.budgeted(job.config, for: model)
        return TuneJob(
            model: model, base: job, folds: splits, preprocessors: preprocessors,
            foldCaches: splits.map { _ in RunCache() }, searchEnd: split.validation.upperBound,
            objective: objective, fee: config.trading.fee)
    }

    /// The header a `tune` run of `request` would create (or must find).
    /// - Throws: as `tuneJob`.
    func studyHeader(_ request: TuneRequest, job: TuneJob, now: Date) -> StudyHeader {
        let tune = config.tune
        let baseConfig = "{\"fee\":\(config.trading.fee),\"\(request.model.rawValue)\":\(request.model.sectionJSON(of: config))}"
        return StudyHeader(
            name: request.study ?? Self.defaultStudyName(request.model, symbol: job.base.symbol), model: request.model,
            symbol: job.base.symbol, objective: job.objective, sampler: tune.sampler,
            samplerSettings: tune.samplerSettings, pruner: tune.pruner,
            seed: UInt64(tune.seed), folds: job.folds.count, dataSHA256: job.base.dataSHA256,
            specHash: FeatureSpec.hash(of: job.base.features.matrix.specs),
            space: tune.spaces.space(for: request.model).space, baseConfig: baseConfig,
            trialBudget: tune.trialBudget(for: request.model, config: config), splits: job.folds,
            testStart: job.base.features.split?.test.lowerBound ?? job.searchEnd,
            created: Int64((now.timeIntervalSince1970 * 1000).rounded()))
    }

    /// `tune.parallel_trials`, with 0 meaning one per core.
    public var parallelTrials: Int {
        config.tune.parallelTrials > 0 ? config.tune.parallelTrials : ProcessInfo.processInfo.activeProcessorCount
    }

    /// Searches `request.model`'s hyperparameters on `request.symbol` (see `TuneRun`): creates the
    /// study `studies/NAME.sqlite` or resumes it (refusing one made for other data, features,
    /// space, objective, model config, sampler settings or seed), marks a trial a dead process
    /// left `running` failed, and runs trials until the study holds `trials` of them.
    /// - Parameters:
    ///   - now: The creation time written for a new study (the timeout counts from the wall clock).
    ///   - cancellation: Ctrl-C: the running folds finish, finished trials are kept.
    ///   - progress: Called from worker threads.
    /// - Throws: `TuneError`, `DataError`, `FeatureError`, `ConfigError`.
    public func tune(
        _ request: TuneRequest, now: Date = Date(), cancellation: CancellationToken = .never,
        progress: @escaping @Sendable (TuneProgress) -> Void = { _ in }
    ) throws -> TuneOutcome {
        let tune = config.tune
        let job = try tuneJob(
            request.model, symbol: request.symbol, folds: request.folds ?? tune.folds,
            objective: request.objective ?? tune.objective)
        let header = studyHeader(request, job: job, now: now)
        let store = try StudyStore(path: StudyStore.path(name: header.name, folder: studiesFolder), creating: header)
        let run = TuneRun(
            job: job, store: store, sampler: tune.makeSampler(), pruner: tune.makePruner(),
            trials: request.trials ?? tune.trials,
            parallel: request.parallelTrials ?? parallelTrials,
            deadline: request.timeout.map { Date().addingTimeInterval($0) })
        return try run.run(cancellation: cancellation, progress: progress)
    }
}
