import Foundation

/// A study as canonical JSON (`export study NAME PATH`): what the study searched and every trial's
/// parameters, seed, fold values, state, value, failure and net-return statistics, with sorted keys
/// and non-finite numbers as strings — and nothing that depends on when or where it ran (the
/// creation time, the trials' durations). Two runs of the same study (locally, or through
/// `kilo cluster tune`) export the same bytes exactly when they agree on everything else.
public enum StudyExport {
    /// The header fields left out: they record when the study was made, not what it is.
    public static let omittedHeaderFields: Set<String> = ["created"]

    /// One trial as exported (a `TrialRecord` without its duration, plus the statistics).
    struct Trial: Encodable {
        var number: Int
        var parameters: TrialParameters
        var foldValues: [Double]
        var state: TrialState
        var value: Double?
        var seed: UInt64
        var failure: String?
        var netSharpe: Double?
        var netMoments: Moments?
    }

    /// The study as one line of JSON and a newline: `{"study": HEADER, "trials": [...]}`.
    /// - Throws: `EncodingError` (not for a study read from its file).
    /// - Complexity: O(size of the study).
    public static func canonical(header: StudyHeader, trials: [StudyTrial]) throws -> Data {
        guard case .object(var study) = try JobJSON(encoding: header) else { return Data() }
        for field in omittedHeaderFields { study[field] = nil }
        let rows = trials.sorted { $0.record.number < $1.record.number }.map { trial in
            let r = trial.record
            return Trial(
                number: r.number, parameters: r.parameters, foldValues: r.foldValues, state: r.state, value: r.value,
                seed: r.seed, failure: r.failure, netSharpe: trial.netSharpe, netMoments: trial.netMoments)
        }
        let trialsJSON = try JobJSON(encoding: rows)
        return try JobSpec.encoder.encode(JobJSON.object(["study": .object(study), "trials": trialsJSON])) + Data("\n".utf8)
    }
}

extension Engine {
    /// Study `name` of `tune.studies_dir` as canonical JSON text (`StudyExport`).
    /// - Returns: The study and its text.
    /// - Throws: `TuneError` for the study; `EncodingError` (not for a study read from its file).
    public func exportStudy(named name: String) throws -> (report: StudyReport, text: String) {
        let report = try study(named: name)
        let data = try StudyExport.canonical(header: report.header, trials: report.trials)
        return (report, String(decoding: data, as: UTF8.self))
    }
}
