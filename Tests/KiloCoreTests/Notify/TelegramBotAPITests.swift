import Foundation
import Testing

@testable import KiloCore

@Suite struct TelegramBotAPITests {
    static let credentials = TelegramCredentials(token: "42:abc", chatID: "-1001")

    static func json(_ request: HTTPRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: request.body ?? Data()) as? [String: Any])
    }

    @Test func requestPostsJSONToTheTokensPath() throws {
        let request = try TelegramBotAPI.request(
            text: "hi", credentials: Self.credentials, baseURL: "https://api.example.org/", timeout: 3)
        #expect(request.method == "POST" && request.timeout == 3)
        #expect(request.url.absoluteString == "https://api.example.org/bot42:abc/sendMessage")
        #expect(request.headers == ["Content-Type": "application/json"])
        let body = try Self.json(request)
        #expect((body["chat_id"] as? NSNumber)?.int64Value == -1_001 && body["text"] as? String == "hi")
        let channel = try TelegramBotAPI.request(
            text: "x", credentials: TelegramCredentials(token: "t", chatID: "@kilo"), baseURL: "http://h", timeout: 1)
        #expect(try Self.json(channel)["chat_id"] as? String == "@kilo")
    }

    @Test func aLongTextIsCutToTelegramsLimit() throws {
        let request = try TelegramBotAPI.request(
            text: String(repeating: "é", count: 5_000), credentials: Self.credentials, baseURL: "http://h",
            timeout: 1)
        let text = try #require(try Self.json(request)["text"] as? String)
        #expect(text.count == 4_096 && text.hasSuffix("é…"))
    }

    @Test func aBaseURLThatIsNotHTTPIsRefused() {
        for base in ["ftp://h", "not a url", ""] {
            #expect(throws: NotificationError.invalidBaseURL(base)) {
                try TelegramBotAPI.request(text: "x", credentials: Self.credentials, baseURL: base, timeout: 1)
            }
        }
    }

    static func response(_ status: Int, _ body: String, headers: [String: String] = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
    }

    @Test func outcomesOfTelegramsAnswers() {
        #expect(TelegramBotAPI.outcome(of: Self.response(200, #"{"ok":true,"result":{}}"#)) == .sent)
        #expect(
            TelegramBotAPI.outcome(of: Self.response(200, #"{"ok":false,"description":"odd"}"#))
                == .refused(.rejected(description: "odd")))
        #expect(
            TelegramBotAPI.outcome(
                of: Self.response(429, #"{"ok":false,"description":"Too Many Requests","parameters":{"retry_after":5}}"#))
                == .retry(after: 5, error: .http(status: 429, description: "Too Many Requests")))
        #expect(
            TelegramBotAPI.outcome(of: Self.response(429, "slow down", headers: ["retry-after": "3"]))
                == .retry(after: 3, error: .http(status: 429, description: "")))
        #expect(
            TelegramBotAPI.outcome(of: Self.response(502, "<html>"))
                == .retry(after: nil, error: .http(status: 502, description: "")))
        #expect(
            TelegramBotAPI.outcome(of: Self.response(400, #"{"ok":false,"description":"Bad Request: chat not found"}"#))
                == .refused(.http(status: 400, description: "Bad Request: chat not found")))
    }

    @Test func credentialsComeOnlyFromTheEnvironment() throws {
        let env = ["KILO_TELEGRAM_TOKEN": " 42:abc\n", "KILO_TELEGRAM_CHAT_ID": "-1001"]
        #expect(try TelegramCredentials.from(environment: env) == Self.credentials)
        #expect(throws: NotificationError.missingEnvironment(variable: "KILO_TELEGRAM_TOKEN")) {
            try TelegramCredentials.from(environment: ["KILO_TELEGRAM_CHAT_ID": "1"])
        }
        #expect(throws: NotificationError.missingEnvironment(variable: "KILO_TELEGRAM_CHAT_ID")) {
            try TelegramCredentials.from(environment: ["KILO_TELEGRAM_TOKEN": "t", "KILO_TELEGRAM_CHAT_ID": " "])
        }
    }

    @Test func errorDescriptionsAreOneLowercaseLine() {
        let errors: [NotificationError] = [
            .missingEnvironment(variable: "KILO_TELEGRAM_TOKEN"), .invalidBaseURL("x"), .network("boom"),
            .http(status: 401, description: "Unauthorized"), .http(status: 500, description: ""),
            .rejected(description: "odd"),
        ]
        #expect(errors.map(\.description) == [
            "KILO_TELEGRAM_TOKEN is not set in the environment",
            "notifications.telegram.base_url 'x' does not make a valid request URL",
            "telegram request failed: boom", "telegram answered HTTP 401: Unauthorized", "telegram answered HTTP 500",
            "telegram rejected the message: odd",
        ])
        #expect(TelegramBotAPI.redacting("42:abc", in: "url http://h/bot42:abc/sendMessage") == "url http://h/bot<token>/sendMessage")
    }
}
