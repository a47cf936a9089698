/// `tune:` — how `tune` searches a model's hyperparameters: the trial budget, the walk-forward
/// folds, the objective, the sampler and pruner, parallel trials and the search spaces.
///
/// Every property is a key of `keys` (its name, meaning and rules are declared there).
public struct TuneConfig: ConfigSection {
    public var trials = 100
    public var folds = 5
    public var objective = TuneObjective.netSharpe
    public var sampler = TuneSamplerKind.tpe
    public var startupTrials = 10
    public var tpeCandidates = TPESampler.defaultCandidates
    public var tpeKernels = TPEKernels.kilo
    public var pruner = TunePrunerKind.median
    public var prunerStartupTrials = 5
    public var prunerWarmupFolds = 0
    public var seed = 42
    public var parallelTrials = 0
    public var studiesDir = "studies"
    public var gruEpochs = 1
    public var gruPatience = 1
    public var spaces = TuneSpacesConfig()

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<TuneConfig>] = [
        .value("trials", \.trials, "trials per study in total (a re-run resumes up to this count)", rules: [.atLeast(1)]),
        .value(
            "folds", \.folds, "expanding walk-forward folds each trial is scored on (rows before the test split only)",
            rules: [.within(2...50)]),
        .value(
            "objective", \.objective,
            "net-sharpe: mean per-fold Sharpe of sign(pred)·y − fee·|Δsign| (maximised); rmse (minimised); "
                + "ic: Spearman rank correlation (maximised)"),
        .value("sampler", \.sampler, "tpe: Tree-structured Parzen Estimator; random: uniform"),
        .value(
            "startup_trials", \.startupTrials, "random trials before the TPE sampler models the history; part of the study's identity",
            rules: [.atLeast(1)]),
        .value(
            "tpe_candidates", \.tpeCandidates,
            "points drawn from l(x) per TPE suggestion, the one with the largest l(x)/g(x) kept "
                + "(Optuna's n_ei_candidates; its default is 24); part of the study's identity", rules: [.within(1...10_000)]),
        .value(
            "tpe_kernels", \.tpeKernels,
            "kilo: the magic clip's smallest bandwidth (high − low)/min(300, 1.5·(n + 2)), every other "
                + "category at least half an observed one's weight, l(x)'s trials weighted by rank "
                + "(the r-th best of n by exp(−5·r/(n − 1))); optuna: Optuna's estimator exactly "
                + "((high − low)/min(100, n + 2), other categories 1/(n + 1)); part of the study's identity"),
        .value("pruner", \.pruner, "median: stop a trial whose running mean is worse than the median at that fold"),
        .value(
            "pruner_startup_trials", \.prunerStartupTrials, "finished trials before the pruner may stop one",
            rules: [.zeroOrMore]),
        .value(
            "pruner_warmup_folds", \.prunerWarmupFolds, "folds every trial runs before the pruner may stop it",
            rules: [.zeroOrMore]),
        .value(
            "seed", \.seed, "seed of the sampler and of every trial's model (derived per trial number)",
            rules: [.zeroOrMore]),
        .value(
            "parallel_trials", \.parallelTrials,
            "trials run at once (P; trial k is suggested from the trials up to k − (2P − 1)); 0 means one "
                + "per core; a fixed seed and count give the same study", rules: [.zeroOrMore]),
        .value("studies_dir", \.studiesDir, "folder of the study files (NAME.sqlite)", rules: [.notEmpty]),
        .value(
            "gru_epochs", \.gruEpochs,
            "GRU trial budget: maximum epochs of each fold's fit while searching (0: models.gru.epochs); "
                + "part of the study's identity; train --from-study uses models.gru.epochs", rules: [.zeroOrMore]),
        .value(
            "gru_patience", \.gruPatience,
            "GRU trial budget: epochs without validation improvement before a fold's fit stops while searching "
                + "(0: models.gru.patience); part of the study's identity", rules: [.zeroOrMore]),
        .section("spaces", \.spaces, "search spaces per model"),
    ]
}

extension TuneConfig {
    /// The settings a study records of its sampler, part of its identity: `startup 10, candidates
    /// 24, kernels kilo` for TPE (`startup_trials`, `tpe_candidates`, `tpe_kernels`), `nil` for the
    /// random sampler, which has none.
    /// - Complexity: O(1).
    public var samplerSettings: String? {
        guard sampler == .tpe else { return nil }
        return "startup \(startupTrials), candidates \(tpeCandidates), kernels \(tpeKernels.rawValue)"
    }

    /// `config` with the search's per-trial training budget set on `model`'s section: for GRU,
    /// `gru_epochs` and `gru_patience` replace `models.gru.epochs` and `patience` (0 keeps the
    /// section's value). A trial's parameters are laid over this, so a space that searches `epochs`
    /// overrides the budget. LightGBM has no budget: its trials are bounded by `num_iterations` (a
    /// searched key) and early stopping. The final `train --from-study` never sees the budget.
    /// - Complexity: O(1).
    public func budgeted(_ config: EngineConfig, for model: TuneModel) -> EngineConfig {
        guard model == .gru else { return config }
        var config = config
        if gruEpochs > 0 { config.models.gru.epochs = gruEpochs }
        if gruPatience > 0 { config.models.gru.patience = gruPatience }
        return config
    }

    /// The budget as a study records it, `epochs 1, patience 1` (the effective values), or `nil`
    /// for a model without one.
    /// - Complexity: O(1).
    public func trialBudget(for model: TuneModel, config: EngineConfig) -> String? {
        guard model == .gru else { return nil }
        let gru = budgeted(config, for: model).models.gru
        return "epochs \(gru.epochs), patience \(gru.patience)"
    }
}

/// `tune.spaces:` — each tunable model's search space, keys of its `models.*` section.
public struct TuneSpacesConfig: ConfigSection {
    public var gru = TuneSpace.gruDefault
    public var lightgbm = TuneSpace.lightgbmDefault

    /// The defaults (the original bot's spaces).
    public init() {}

    /// The space of `model`.
    public func space(for model: TuneModel) -> TuneSpace {
        switch model {
        case .gru: gru
        case .lightgbm: lightgbm
        }
    }

    public static let keys: [ConfigKey<TuneSpacesConfig>] = [
        .value(
            "gru", \.gru, "GRU space: KEY: {type: int|log-int|float|log-float, low, high} or {type: categorical, choices}",
            deepCheck: { space, path throws(ConfigError) in try space.check(model: .gru, path: path) }),
        .value(
            "lightgbm", \.lightgbm, "LightGBM space, the same form over models.lightgbm keys",
            deepCheck: { space, path throws(ConfigError) in try space.check(model: .lightgbm, path: path) }),
    ]
}

/// What a trial is scored by.
public enum TuneObjective: String, Sendable, Codable, CaseIterable {
    case netSharpe = "net-sharpe"
    case rmse
    case ic

    /// Which values are better.
    public var direction: StudyDirection { self == .rmse ? .minimize : .maximize }
}

/// `tune.sampler`.
public enum TuneSamplerKind: String, Sendable, Codable, CaseIterable {
    case tpe
    case random
}

/// `tune.pruner`.
public enum TunePrunerKind: String, Sendable, Codable, CaseIterable {
    case median
    case none
}
