import Logging

/// Entry points the shell and `kilo` call: the notifier of a config, and `notify test`.
public enum Notifications {
    /// The notifier for `notifications`: a `NullNotifier` when `notifications.telegram.enabled`
    /// is off, else a `TelegramNotifier` with the credentials from `environment`.
    /// - Parameters:
    ///   - config: the `notifications` section (validated).
    ///   - environment: the process environment (`KILO_TELEGRAM_TOKEN`, `KILO_TELEGRAM_CHAT_ID`).
    ///   - transport: the HTTP client.
    ///   - logger: where delivery failures are logged.
    /// - Throws: `NotificationError.missingEnvironment` when Telegram is enabled and a variable is
    ///   unset (the caller decides whether to stop or to go on with a `NullNotifier`).
    public static func makeNotifier(
        config: NotificationsConfig, environment: [String: String],
        transport: any HTTPTransport = URLSessionTransport(), logger: Logger = Logger(label: "kilo.notify")
    ) throws(NotificationError) -> any Notifier {
        guard config.telegram.enabled else { return NullNotifier() }
        let credentials = try TelegramCredentials.from(environment: environment)
        return TelegramNotifier(
            settings: config.telegram, credentials: credentials, transport: transport, logger: logger)
    }

    /// `notify test`: sends `text` once, now, on the calling thread, within
    /// `notifications.telegram.timeout_seconds` (no retries, no queue; `enabled` is not required).
    /// - Returns: success, or the one-line reason (a missing variable, a network failure with the
    ///   token redacted, or Telegram's HTTP status and `description`).
    public static func sendTestMessage(
        _ text: String = "Kilo test message: notifications reach this chat", config: NotificationsConfig,
        environment: [String: String], transport: any HTTPTransport = URLSessionTransport()
    ) -> Result<Void, NotificationError> {
        do throws(NotificationError) {
            let credentials = try TelegramCredentials.from(environment: environment)
            let request = try TelegramBotAPI.request(
                text: text, credentials: credentials, baseURL: config.telegram.baseURL,
                timeout: config.telegram.timeoutSeconds)
            switch TelegramBotAPI.send(request, through: transport, token: credentials.token) {
            case .sent: return .success(())
            case .retry(_, let error), .refused(let error): return .failure(error)
            }
        } catch {
            return .failure(error)
        }
    }
}
