import Foundation

/// Everything Kilo knows about one model kind, in one place: its config section, its trainer, its
/// file reader and its trading predictor. `ModelRegistry` lists the families; training, `score`,
/// `inspect model`, `models`, the trader and the shell's completion ask it instead of switching
/// on the kind.
///
/// Adding a kind: a folder with the model, a `ModelKind` constant and a `ModelFamily`, and one line
/// in `ModelRegistry.families`.
public protocol ModelFamily: Sendable {
    /// The kind's config section (`models.{kind}`).
    associatedtype Section: SeededSection & Sendable

    /// The kind, as written in file names, commands and reports.
    var kind: ModelKind { get }
    /// Other names `train` accepts for the kind (`gbdt` for `lightgbm`).
    var aliases: [String] { get }
    /// The extension of the files the trainer writes.
    var fileExtension: String { get }
    /// Every extension `ModelFile.open` takes for this kind (lower case).
    var readableExtensions: [String] { get }
    /// The `format` metadata of its safetensors files, when the extension is shared.
    var safetensorsFormat: String? { get }
    /// Runs with a lower rank start first in parallel training (the long ones).
    var trainingRank: Int { get }
    /// Whether its test evaluation is regression metrics, so walk-forward applies.
    var evaluatesByRegression: Bool { get }
    /// Where its section lives in the config.
    var section: KeyPath<ModelsConfig, Section> { get }
    /// The OpenBLAS thread count its runs ask for under `section` (`nil`: none, or keep the
    /// current setting); the scheduler sets it, never the trainer (TrainingJob+BLASThreads.swift).
    func blasThreads(_ section: Section) -> Int?

    /// Fits on `run.split.train` (early-stopping on validation where the kind does) and predicts what
    /// the report evaluates, without writing anything. `section` has `run.seed` in force already.
    /// - Throws: the kind's errors; `ModelError.cancelled` where it stops without a model.
    func fit(_ run: TrainingRun, section: Section, cancellation: CancellationToken, progress: (TrainingProgress) -> Void)
        throws -> FittedModel

    /// Reads a model file of this kind (`safetensors` is the already-read file when the extension is
    /// `safetensors`), validating it.
    /// - Throws: `ModelError`, or the kind's own errors naming the file.
    func open(path: String, safetensors: SafetensorsFile?) throws -> any TrainedModel
}

/// A model section whose seed a run may override (`train --seed`, a trial's derived seed).
public protocol SeededSection {
    /// The section's `seed`, widened to 64 bits (an `Int` seed keeps its bits both ways).
    var runSeed: UInt64 { get set }
}

/// A config section with an OpenBLAS `threads` key (0: keep the process's setting).
public protocol BLASThreadedSection {
    var threads: Int { get }
}

extension ModelFamily where Section: BLASThreadedSection {
    /// The section's `threads` when positive.
    public func blasThreads(_ section: Section) -> Int? { section.threads > 0 ? section.threads : nil }
}

extension ModelFamily {
    public var aliases: [String] { [] }
    public var safetensorsFormat: String? { nil }
    public var readableExtensions: [String] { [fileExtension] }
    public var evaluatesByRegression: Bool { true }
    public func blasThreads(_ section: Section) -> Int? { nil }

    /// `blasThreads` with the section read from `config`.
    func blasThreads(in config: ModelsConfig) -> Int? { blasThreads(config[keyPath: section]) }

    /// `fit` with the section read from `run.config`, `run.seed` (when given) replacing its seed.
    func fit(_ run: TrainingRun, cancellation: CancellationToken, progress: (TrainingProgress) -> Void) throws
        -> FittedModel
    {
        var seeded = run.config.models[keyPath: section]
        if let seed = run.seed { seeded.runSeed = seed }
        return try fit(run, section: seeded, cancellation: cancellation, progress: progress)
    }
}

/// What a trainer sees: the symbol's scaled feature rows, split, bars and the config in force.
public struct TrainingRun: Sendable {
    /// Feature rows scaled by the run's train-fit preprocessor.
    public var scaled: FeatureMatrix
    /// The chronological split.
    public var split: DataSplit
    /// The symbol's bars.
    public var series: BarSeries
    /// The config in force.
    public var config: EngineConfig
    /// Overrides the section's seed when given.
    public var seed: UInt64?
    /// Work kept between fits on these same scaled rows (`tune`'s trials of one fold), if any.
    public var cache: RunCache? = nil
}

/// A fitted model with what the training report says of it.
public struct FittedModel {
    /// The model, to write.
    public var model: any TrainedModel
    /// Rows used, by split name.
    public var rows: [String: Int]
    /// Epochs, rounds or updates run.
    public var iterations: Int
    /// The one kept.
    public var bestIteration: Int
    /// One line on how training ended.
    public var summary: String
    /// Splits evaluated as regression (`validation`, `test`) with the rows of each.
    public var evaluatedRows: [(split: String, rows: [Int])] = []
    /// Predictions by matrix row (NaN where none) for `evaluatedRows`.
    public var predictions: [Double] = []
    /// Other report lines (a trading evaluation).
    public var notes: [String] = []
    /// The seed used.
    public var seed: UInt64
}

/// A trained model in memory, read from a file or fresh from training.
public protocol TrainedModel: Sendable {
    /// Its kind.
    var kind: ModelKind { get }
    /// The input features, by name, in model order.
    var featureNames: [String] { get }
    /// Writes it to `path` in the kind's file format.
    func write(to path: String) throws
    /// `inspect model`: its metadata (after `file`) and, where the kind has them, importances ranked.
    func inspection(top: Int) -> ModelInspection
    /// `models`: the features with the most gain, best first, where the kind measures gain.
    var topGain: [String] { get }
    /// `score`: predictions for `features` (rows of `featureNames`), one per row from `firstRow`
    /// on, each from the window of rows ending there.
    /// - Throws: `ModelError.unsupportedModel` for a kind `score` cannot run (`path` names it).
    func score(_ features: DenseMatrix, path: String) throws -> ScoredRows
    /// Throws `ModelError.unsupportedModel` before any input is read when `score` cannot run it.
    func requireScorable(path: String) throws
    /// The trader's predictor, or the reason it cannot predict from rows of features `specs`
    /// (`hash` is their spec hash).
    func predictor(specs: [FeatureSpec], hash: String) -> Result<any ModelPredictor, PredictorRefusal>
}

extension TrainedModel {
    public var topGain: [String] { [] }
    public func requireScorable(path: String) throws {}
}

/// Why a model cannot predict for a feature stream (`trader status` notes it).
public struct PredictorRefusal: Error, Sendable, Equatable {
    /// `trained on another feature spec (…)`.
    public var reason: String
}

/// What `score` gets from a model.
public struct ScoredRows: Sendable {
    /// One per scored row.
    public var predictions: [Double]
    /// The input row of the first prediction.
    public var firstRow: Int
    /// Rows each prediction reads, ending at its row.
    public var window: Int
    /// Feature columns the model reads.
    public var featureCount: Int
}

/// `inspect model`'s view of a model file.
public struct ModelInspection: Sendable {
    /// Name–value lines, `kind` first.
    public var fields: [(String, String)]
    /// Feature importances, ranked, with how they are ranked; `nil` when the kind has none.
    public var importances: (title: String, rows: [(feature: String, splits: Int, gain: Double)])?
}

/// One model's trading predictor: it reads the scaled rows of its symbol's stream.
///
/// A predictor may be mutable scratch (the GRU's is a class holding its workspace): use one per
/// thread.
public protocol ModelPredictor {
    /// Its kind.
    var kind: ModelKind { get }
    /// Rows of the window it reads, ending at the bar (1 for a row model).
    var windowRows: Int { get }
    /// Whether it predicts only given the account (its observation includes the portfolio).
    var needsAccount: Bool { get }
    /// The prediction at row `row` of `rows` (every row of it past the feature warm-up and the
    /// window inside one segment); `account` and `price` are given when `needsAccount`.
    /// - Throws: the kind's errors (an observation of the wrong shape).
    func predict(_ rows: ScaledRows, endingAt row: Int, account: AccountSnapshot?, price: Double) throws -> Double
}

/// A symbol's scaled feature rows so far, row-major: as `Double` (NaN kept) and as `Float` with
/// non-finite values zeroed (what the networks were trained on).
public struct ScaledRows {
    /// Columns per row.
    public var columnCount: Int
    /// The rows, NaN kept.
    public var doubles: [Double] = []
    /// The rows as `Float`, non-finite values zeroed.
    public var floats: [Float] = []

    /// Appends one row.
    public mutating func append(_ row: [Double]) {
        doubles.append(contentsOf: row)
        for value in row { floats.append(value.isFinite ? Float(value) : 0) }
    }
}
