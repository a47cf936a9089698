/// A problem with a hyperparameter study, naming the study, the field or the model.
public enum TuneError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The model kind cannot be tuned (PPO).
    case modelNotTunable(kind: String)
    /// The study exists but was made for something else; `field` names the first difference.
    case studyMismatch(study: String, field: String, stored: String, requested: String)
    /// A file that is not a Kilo study.
    case notAStudy(path: String, reason: String)
    /// SQLite failed on the study file.
    case store(path: String, message: String)
    /// No study of that name in the studies folder.
    case studyNotFound(name: String, folder: String, suggestion: String?)
    /// The study has no complete trial to take parameters from.
    case noCompleteTrial(study: String)
    /// Too few rows before the test split for the folds.
    case tooFewRows(symbol: String, rows: Int, folds: Int)
    /// The study was made for another model or symbol than the one asked to train.
    case wrongStudy(study: String, reason: String)

    public var description: String {
        switch self {
        case .modelNotTunable(let kind):
            return "\(kind) cannot be tuned yet (PPO tuning may follow): tune searches gru and lightgbm, "
                + "whose folds are scored as regressions"
        case .studyMismatch(let study, let field, let stored, let requested):
            return "study '\(study)' was made with a different \(field) (stored \(Excerpt.of(stored)), now "
                + "\(Excerpt.of(requested))); use another --study name or delete the study file"
        case .notAStudy(let path, let reason): return "'\(Excerpt.path(path))' is not a Kilo study: \(reason)"
        case .store(let path, let message): return "study '\(Excerpt.path(path))': \(Excerpt.of(message, limit: Excerpt.pathLimit))"
        case .studyNotFound(let name, let folder, let suggestion):
            let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
            return "no study '\(name)' in '\(Excerpt.path(folder))'\(hint) (`studies` lists them)"
        case .noCompleteTrial(let study): return "study '\(study)' has no complete trial yet"
        case .tooFewRows(let symbol, let rows, let folds):
            return "'\(symbol)' has too few rows before its test split (\(rows)) for \(folds) walk-forward folds"
        case .wrongStudy(let study, let reason): return "study '\(study)' \(reason)"
        }
    }
}
