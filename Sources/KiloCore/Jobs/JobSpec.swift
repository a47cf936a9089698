import Foundation

/// One independent unit of work as a value: everything a `kilo run-job` on any machine needs to
/// write the same bytes as the local runner — the unit (kind, symbol, model, fold), its settings
/// (the config, the model section in `params`, the seed, the stamp of its file names), and the
/// fingerprints it refuses to run without (the data file's SHA-256, the config hash, the kilo
/// version). It is one JSON line in a `jobs.jsonl` (`kilo plan` writes them).
///
/// A unit depends only on these fields, so where it runs does not change what it writes.
public struct JobSpec: Sendable, Equatable, Codable {
    /// What a job does.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Train one model on the standard split and write its files (`train MODEL SYMBOL`).
        case train
        /// Fit and score one fold of a walk-forward evaluation (`train … --walk-forward K`); writes no model files.
        case walkForwardFold = "walk-forward-fold"
        /// Run one trial of a study on its walk-forward folds (`TrialJob`; the suggested parameters
        /// in `params`); writes no model files, its outcome goes back into the study (`kilo record-trials`).
        case tuneTrial = "tune-trial"
    }

    /// The data file a job reads, by content.
    public struct DataFile: Sendable, Equatable, Codable {
        /// The path where it was planned (found there again when a shared path exists).
        public var path: String
        /// Its file name, kept wherever it is copied (the loader reads symbol and interval from it).
        public var name: String
        /// SHA-256 of its bytes.
        public var sha256: String
        /// Its size in bytes.
        public var bytes: Int64
    }

    /// The layout of this value; a reader refuses another.
    public static let currentFormat = 1

    /// `currentFormat` when written.
    public var format: Int
    /// Unique within a plan and stable across re-plans of the same unit and stamp
    /// (`train_lightgbm_BTCEUR_20261206_012000`, `wf2of5_gru_BTCEUR_20261206_012000`); names the result file.
    public var id: String
    /// What the job does.
    public var kind: Kind
    /// The symbol.
    public var symbol: String
    /// The model kind's name (`gru`, `lightgbm`, `ppo`).
    public var model: String
    /// The fold (0-based) of a `walk-forward-fold`, else `nil`.
    public var fold: Int?
    /// The number of folds of a `walk-forward-fold` or a `tune-trial`, else `nil`.
    public var folds: Int?
    /// The seed of every random choice of the run.
    public var seed: UInt64
    /// `YYYYMMDD_HHMMSS`, the time stamp in the file names the job writes.
    public var stamp: String
    /// The data file.
    public var data: DataFile
    /// The config in force when planned (paths and logging are replaced where the job runs).
    public var config: EngineConfig
    /// The model's section (`models.{model}`), laid over `config` before the run: the whole
    /// section for a train job; for a tune trial its suggestions (`TrialParameters`), set on the
    /// section through its key table as `tune` sets them.
    public var params: JobJSON
    /// SHA-256 of the effective config (`effectiveConfig()`), as `configHash(of:)` computes it.
    public var configHash: String
    /// The kilo version that planned it; another version refuses it.
    public var kiloVersion: String
    /// The study, trial and pruner's view of a `tune-trial`, else `nil` (and absent from the JSON).
    public var trial: TrialJob? = nil

    /// The config the run uses: `config` with `params` merged over `models.{model}`.
    /// - Throws: `JobError.invalid` when `params` does not fit the model's section.
    public func effectiveConfig() throws(JobError) -> EngineConfig {
        if kind == .tuneTrial { return try trialConfig() }
        do {
            var tree = try JobJSON(encoding: config)
            guard case .object(var top) = tree, case .object(var models)? = top["models"] else {
                throw JobError.invalid(field: "config", reason: "has no models section")
            }
            models[model] = (models[model] ?? .object([:])).merging(params)
            top["models"] = .object(models)
            tree = .object(top)
            let merged = try tree.decode(as: EngineConfig.self)
            try merged.validate()
            return merged
        } catch let error as JobError {
            throw error
        } catch {
            throw JobError.invalid(field: "params", reason: "\(error)")
        }
    }

    /// A tune trial's config: `config` with the suggestions of `params` set on the model's section
    /// (`TuneModel.applying`, as a local trial sets them). The section's rules are not checked here:
    /// a suggestion they refuse makes a failed trial when it runs, as it does locally.
    /// - Throws: `JobError.invalid` naming `params` or `model`.
    private func trialConfig() throws(JobError) -> EngineConfig {
        guard let tuned = TuneModel(rawValue: model) else {
            throw JobError.invalid(field: "model", reason: "'\(model)' is not a tunable model (gru, lightgbm)")
        }
        do {
            return try tuned.applying(try trialParameters(), to: config, validate: false)
        } catch let error as JobError {
            throw error
        } catch {
            throw JobError.invalid(field: "params", reason: "\(error)")
        }
    }

    /// `params` as a trial's parameters.
    /// - Throws: `JobError.invalid` when they are not a JSON object of numbers and strings.
    public func trialParameters() throws(JobError) -> TrialParameters {
        do {
            return try params.decode(as: TrialParameters.self)
        } catch {
            throw JobError.invalid(field: "params", reason: "not a trial's parameters (\(error))")
        }
    }

    /// SHA-256 of `config` encoded as JSON with sorted keys.
    public static func configHash(of config: EngineConfig) -> String {
        let data = (try? encoder.encode(config)) ?? Data()
        return SHA256.hex(of: data)
    }

    /// The job on one line (no newline), keys sorted.
    /// - Throws: `EncodingError` (not for a job built by the planner).
    public func line() throws -> String {
        String(decoding: try Self.encoder.encode(self), as: UTF8.self)
    }

    /// A job read from its JSON (one line of a `jobs.jsonl`, or a file holding one job).
    /// - Throws: `JobError.invalid` naming what is wrong, or `.unsupportedFormat`.
    public static func parse(_ data: Data) throws(JobError) -> JobSpec {
        let job: JobSpec
        do {
            job = try decoder.decode(JobSpec.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .invalid(field: (context.codingPath + [key]).map(\.stringValue).joined(separator: "."), reason: "is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            throw .invalid(field: context.codingPath.map(\.stringValue).joined(separator: "."), reason: context.debugDescription)
        } catch {
            throw .invalid(field: "job", reason: "\(error)")
        }
        guard job.format == currentFormat else { throw .unsupportedFormat(job.format, supported: currentFormat) }
        return job
    }

    /// Encodes with sorted keys and `NaN`/`inf` as strings (configs and reports may hold them).
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
        return encoder
    }

    /// Reads what `encoder` writes.
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
        return decoder
    }
}
