/// Why a job cannot be planned, read or run as given. A job that runs and fails (corrupt data, too
/// few rows) is not one of these: its result says `failed` with the training error's reason.
public enum JobError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A job file could not be read or written.
    case io(path: String, reason: String)
    /// A field of a job is missing or unusable.
    case invalid(field: String, reason: String)
    /// The job was written in another layout.
    case unsupportedFormat(Int, supported: Int)
    /// What the job expects differs from what this machine has (`data.sha256`, `kiloVersion`,
    /// `configHash`): the job is refused, never run on other inputs.
    case mismatch(field: String, job: String, found: String)
    /// `plan` was asked for something it cannot split into units.
    case unplannable(reason: String)

    public var description: String {
        switch self {
        case .io(let path, let reason):
            return "cannot access '\(Excerpt.path(path))': \(reason)"
        case .invalid(let field, let reason):
            return "job field '\(field.isEmpty ? "job" : Excerpt.of(field))' is unusable: \(Excerpt.of(reason, limit: 200))"
        case .unsupportedFormat(let format, let supported):
            return "job format \(format) is not supported (this kilo reads format \(supported))"
        case .mismatch(let field, let job, let found):
            return "refusing job: \(field) is '\(Excerpt.of(job))' in the job but '\(Excerpt.of(found))' here"
        case .unplannable(let reason):
            return "cannot plan: \(reason)"
        }
    }
}
