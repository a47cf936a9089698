import Foundation

/// What a study was made for: its identity (a resumed `tune` must match it field by field) and how
/// it searches.
public struct StudyHeader: Sendable, Equatable, Codable {
    public var name: String
    public var model: TuneModel
    public var symbol: String
    public var objective: TuneObjective
    public var direction: StudyDirection
    public var sampler: TuneSamplerKind
    /// The sampler's settings its suggestions depend on (``TuneConfig/samplerSettings``):
    /// `startup 10, candidates 24, kernels kilo` for TPE, `nil` for the random sampler (and for
    /// studies made before they were recorded).
    public var samplerSettings: String?
    public var pruner: TunePrunerKind
    public var seed: UInt64
    public var folds: Int
    /// SHA-256 of the data file the features came from.
    public var dataSHA256: String
    /// Hash of the feature specs (names, parameters, order).
    public var specHash: String
    /// The searched space.
    public var space: SearchSpace
    /// The model's config section (every key not searched shapes the trials too) and the fee, as JSON.
    public var baseConfig: String
    /// The per-trial training budget while searching (`epochs 1, patience 1` from `tune.gru_epochs`
    /// and `tune.gru_patience`), `nil` for a model without one (and for studies made before it
    /// was recorded).
    public var trialBudget: String?
    /// The walk-forward folds (matrix rows), all before the test split: what the search read.
    public var splits: [DataSplit]
    /// The chronological test split's first row (never read while searching).
    public var testStart: Int
    /// Creation time, epoch milliseconds.
    public var created: Int64
    /// The Kilo version that created it.
    public var kiloVersion: String

    public init(
        name: String, model: TuneModel, symbol: String, objective: TuneObjective, sampler: TuneSamplerKind,
        samplerSettings: String? = nil, pruner: TunePrunerKind, seed: UInt64, folds: Int, dataSHA256: String,
        specHash: String, space: SearchSpace, baseConfig: String, trialBudget: String? = nil, splits: [DataSplit] = [],
        testStart: Int = 0, created: Int64, kiloVersion: String = Kilo.version
    ) {
        self.name = name
        self.model = model
        self.symbol = symbol
        self.objective = objective
        self.direction = objective.direction
        self.sampler = sampler
        self.samplerSettings = samplerSettings
        self.pruner = pruner
        self.seed = seed
        self.folds = folds
        self.dataSHA256 = dataSHA256
        self.specHash = specHash
        self.space = space
        self.baseConfig = baseConfig
        self.trialBudget = trialBudget
        self.splits = splits
        self.testStart = testStart
        self.created = created
        self.kiloVersion = kiloVersion
    }

    /// The first identity field in which `other` differs from this stored header, as
    /// (field, stored, requested); `nil` when a run of `other` may resume this study. The pruner
    /// may change between runs (it does not change a finished trial); the sampler's settings may
    /// not (they change every later suggestion, so the study would no longer be the pure function
    /// of its seed that a fresh run gives). A TPE study made before its settings were recorded
    /// cannot be resumed: which kernels made it is not known.
    /// - Complexity: O(size of the space and base config).
    public func firstDifference(from other: StudyHeader) -> (field: String, stored: String, requested: String)? {
        let fields: [(String, String, String)] = [
            ("model", model.rawValue, other.model.rawValue),
            ("symbol", symbol, other.symbol),
            ("objective", objective.rawValue, other.objective.rawValue),
            ("fold count", "\(folds)", "\(other.folds)"),
            ("fold rows", StudyJSON.encode(splits), StudyJSON.encode(other.splits)),
            ("data SHA-256", dataSHA256, other.dataSHA256),
            ("feature spec hash", specHash, other.specHash),
            ("search space", StudyJSON.encode(space), StudyJSON.encode(other.space)),
            ("model config (\(model.sectionPath) and trading.fee)", baseConfig, other.baseConfig),
            ("trial budget (tune.gru_epochs, tune.gru_patience)", trialBudget ?? "none",
                other.trialBudget ?? "none"),
            ("sampler", sampler.rawValue, other.sampler.rawValue),
            ("sampler settings (tune.startup_trials, tune.tpe_candidates, tune.tpe_kernels)",
                samplerSettingsText, other.samplerSettingsText),
            ("seed", "\(seed)", "\(other.seed)"),
        ]
        return fields.first { $0.1 != $0.2 }.map { (field: $0.0, stored: $0.1, requested: $0.2) }
    }
}

extension StudyHeader {
    /// ``samplerSettings`` as `firstDifference` compares them: "none" for the random sampler,
    /// "not recorded" for a TPE study made before they were.
    var samplerSettingsText: String { samplerSettings ?? (sampler == .tpe ? "not recorded" : "none") }
}

/// One trial as the study file keeps it: the sampler's record plus what the statistics need.
public struct StudyTrial: Sendable, Equatable {
    public var record: TrialRecord
    /// The mean per-fold net-return Sharpe (whatever the objective), when any fold finished.
    public var netSharpe: Double?
    /// Moments of the trial's net returns over every finished fold's held-out rows.
    public var netMoments: Moments?
}
