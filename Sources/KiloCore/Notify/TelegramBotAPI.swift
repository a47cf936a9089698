import Foundation

/// The bot token and chat id, read only from the environment.
public struct TelegramCredentials: Sendable, Equatable {
    /// `KILO_TELEGRAM_TOKEN`.
    public var token: String
    /// `KILO_TELEGRAM_CHAT_ID`: a numeric id or an `@channel` name.
    public var chatID: String

    /// Reads `KILO_TELEGRAM_TOKEN` and `KILO_TELEGRAM_CHAT_ID` (surrounding whitespace removed).
    /// - Throws: `NotificationError.missingEnvironment` naming the first one unset or empty.
    public static func from(environment: [String: String]) throws(NotificationError) -> TelegramCredentials {
        func read(_ variable: String) throws(NotificationError) -> String {
            let value = (environment[variable] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty { throw .missingEnvironment(variable: variable) }
            return value
        }
        return TelegramCredentials(token: try read("KILO_TELEGRAM_TOKEN"), chatID: try read("KILO_TELEGRAM_CHAT_ID"))
    }
}

/// The Bot API's `sendMessage`: building the request and reading the answer.
public enum TelegramBotAPI {
    /// Telegram's limit on a message's length, in characters.
    public static let maxMessageLength = 4_096

    /// What one attempt came to.
    public enum Outcome: Sendable, Equatable {
        /// Telegram accepted the message.
        case sent
        /// Worth another attempt (timeout, dropped connection, 429, 5xx); `after` is Telegram's
        /// `retry_after` (or the `Retry-After` header) in seconds when it gave one.
        case retry(after: Double?, error: NotificationError)
        /// Not worth repeating (400, 401, 403, 404, an unreadable base URL, …).
        case refused(NotificationError)
    }

    /// `POST {baseURL}/bot{token}/sendMessage` with a JSON body `{"chat_id", "text"}`; a text
    /// longer than 4096 characters is cut to fit (ending in `…`). A numeric chat id is sent as a
    /// number, any other as a string.
    /// - Throws: `NotificationError.invalidBaseURL`.
    public static func request(
        text: String, credentials: TelegramCredentials, baseURL: String, timeout: Double
    ) throws(NotificationError) -> HTTPRequest {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: "\(base)/bot\(credentials.token)/sendMessage"),
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
        else { throw .invalidBaseURL(baseURL) }
        let fitted = text.count > maxMessageLength ? String(text.prefix(maxMessageLength - 1)) + "…" : text
        let chat: Any = Int64(credentials.chatID).map { $0 as Any } ?? credentials.chatID
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: ["chat_id": chat, "text": fitted], options: [.sortedKeys])
        } catch {
            throw .invalidBaseURL(baseURL)
        }
        return HTTPRequest(
            method: "POST", url: url, headers: ["Content-Type": "application/json"], body: body, timeout: timeout)
    }

    /// Reads a response: 2xx with `"ok": true` is sent; 429 and 5xx are retried (429 with
    /// `parameters.retry_after`, or the `Retry-After` header); anything else is refused with
    /// Telegram's `description`.
    public static func outcome(of response: HTTPResponse) -> Outcome {
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        let description = (json?["description"] as? String) ?? ""
        if (200..<300).contains(response.status) {
            if json?["ok"] as? Bool == true { return .sent }
            return .refused(.rejected(description: description.isEmpty ? "no \"ok\": true in the answer" : description))
        }
        let error = NotificationError.http(status: response.status, description: description)
        if response.status == 429 {
            let parameters = json?["parameters"] as? [String: Any]
            let seconds = (parameters?["retry_after"] as? NSNumber)?.doubleValue
                ?? response.headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            return .retry(after: seconds.map { max(0, $0) }, error: error)
        }
        if (500..<600).contains(response.status) { return .retry(after: nil, error: error) }
        return .refused(error)
    }

    /// One attempt through `transport`, the token redacted from any error.
    public static func send(
        _ request: HTTPRequest, through transport: any HTTPTransport, token: String
    ) -> Outcome {
        do {
            return outcome(of: try transport.send(request))
        } catch {
            return .retry(after: nil, error: .network(redacting(token, in: error.description)))
        }
    }

    /// `text` with every occurrence of `token` replaced by `<token>`.
    public static func redacting(_ token: String, in text: String) -> String {
        token.isEmpty ? text : text.replacingOccurrences(of: token, with: "<token>")
    }
}
