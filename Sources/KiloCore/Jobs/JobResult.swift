import Foundation

/// What one `kilo run-job` did, written beside its files as `jobs/{id}.json`: the status (with the
/// reason when the job failed or was refused), every file it wrote with its SHA-256, the run's
/// report (metrics) and how long it took. A runner copies the files and this result into the
/// local model store; a re-run skips a job whose result says `ok` and whose files still have
/// these hashes.
public struct JobResult: Sendable, Equatable, Codable {
    /// How the job ended.
    public enum Status: String, Sendable, Codable {
        /// Ran and wrote its files.
        case ok
        /// Ran and failed by itself (unusable data, too few rows): running it again fails again.
        case failed
        /// Not run: a fingerprint differs (`data.sha256`, `kiloVersion`, `configHash`) or the job is malformed.
        case refused
    }

    /// A file the job wrote.
    public struct File: Sendable, Equatable, Codable {
        /// Relative to the output folder (`gru_model_BTCEUR_20261206_012000.safetensors`,
        /// `metadata/features_BTCEUR.json`).
        public var path: String
        /// SHA-256 of its bytes.
        public var sha256: String
        /// Its size in bytes.
        public var bytes: Int64
    }

    /// The job's `id`.
    public var id: String
    /// The job's kind.
    public var kind: JobSpec.Kind
    /// The job's symbol.
    public var symbol: String
    /// The job's model.
    public var model: String
    /// The job's fold, for a walk-forward fold.
    public var fold: Int?
    /// How it ended.
    public var status: Status
    /// Why it failed or was refused.
    public var reason: String?
    /// The files written (none for a walk-forward fold, a tune trial or a job that did not finish).
    public var files: [File]
    /// The run's report: rows, iterations, metrics on validation and test beside the baselines.
    public var report: TrainingReport?
    /// The fold's split, for a walk-forward fold.
    public var split: DataSplit?
    /// Seconds from reading the job to writing this result (loading and features included).
    public var seconds: Double
    /// The host that ran it.
    public var host: String
    /// The kilo version that ran it.
    public var kiloVersion: String
    /// A tune trial's outcome (fold values, state, net-return statistics), else `nil`.
    public var trial: TrialJob.Outcome? = nil

    /// `{folder}/jobs/{id}.json`.
    public static func path(id: String, in folder: String) -> String {
        PathText.join(folder, folderName, "\(id).json")
    }

    /// The folder of the results under a models folder.
    public static let folderName = "jobs"

    /// The result as pretty JSON with sorted keys (NaN metrics as strings).
    /// - Throws: `EncodingError`.
    public func encoded() throws -> Data {
        let encoder = JobSpec.encoder
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// A result read from its JSON.
    /// - Throws: `JobError.invalid` when it is not one.
    public static func parse(_ data: Data) throws(JobError) -> JobResult {
        do {
            return try JobSpec.decoder.decode(JobResult.self, from: data)
        } catch {
            throw .invalid(field: "result", reason: "\(error)")
        }
    }
}
