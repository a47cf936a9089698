/// Why a notification could not be sent (returned by `Notifications.sendTestMessage`, logged by
/// `TelegramNotifier`; never thrown at the trader).
public enum NotificationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A credential variable is unset or empty.
    case missingEnvironment(variable: String)
    /// `notifications.telegram.base_url` does not make a request URL.
    case invalidBaseURL(String)
    /// No HTTP answer: timeout or connection failure (the token already redacted).
    case network(String)
    /// Telegram answered with an error status and its `description`.
    case http(status: Int, description: String)
    /// Telegram answered 200 without `"ok": true`.
    case rejected(description: String)

    public var description: String {
        switch self {
        case .missingEnvironment(let variable):
            return "\(variable) is not set in the environment"
        case .invalidBaseURL(let url):
            return "notifications.telegram.base_url '\(url)' does not make a valid request URL"
        case .network(let message):
            return "telegram request failed: \(message)"
        case .http(let status, let description):
            return "telegram answered HTTP \(status)" + (description.isEmpty ? "" : ": \(description)")
        case .rejected(let description):
            return "telegram rejected the message: \(description)"
        }
    }
}
