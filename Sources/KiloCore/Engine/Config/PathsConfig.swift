/// `paths:` — where Kilo writes trained models, session scripts and research reports.
///
/// Every property is a key of `keys` (its name, meaning and rules are declared there).
public struct PathsConfig: ConfigSection {
    public var models: String = "models"
    public var sessions: String = "sessions"
    public var reports: String = "reports"

    /// The defaults.
    public init() {}

    public static let keys: [ConfigKey<PathsConfig>] = [
        .value("models", \.models, "folder of trained model files", rules: [.notEmpty]),
        .value(
            "sessions", \.sessions, "folder of session scripts written by `save session` and found by `replay NAME`",
            rules: [.notEmpty]),
        .value(
            "reports", \.reports, "folder `report SYMBOL` writes its HTML page to when no path is given",
            rules: [.notEmpty]),
    ]
}
