import Foundation
import KiloTestSupport
import Synchronization
import Testing

/// The live commands of the real `kilo` process against loopback servers.
@Suite struct LiveProcessTests {
    final class Received: Sendable {
        let requests = Mutex<[LoopbackHTTPServer.Request]>([])
    }

    private func config(_ yaml: String) throws -> String {
        let path = NSTemporaryDirectory() + "kilo-live-\(UUID().uuidString).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func notifyTestSendsOneMessageAndReportsFailures() throws {
        let received = Received()
        let server = try LoopbackHTTPServer { request in
            received.requests.withLock { $0.append(request) }
            let refused = request.path.contains("bad-token")
            return .respond(
                status: refused ? 401 : 200, headers: ["Content-Type": "application/json"],
                body: Data((refused ? #"{"ok":false,"error_code":401,"description":"Unauthorized"}"# : #"{"ok":true}"#).utf8))
        }
        defer { server.stop() }
        let path = try config("notifications:\n  telegram:\n    base_url: \(server.baseURL)\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = ["KILO_TELEGRAM_TOKEN": "777:good", "KILO_TELEGRAM_CHAT_ID": "99"]
        let sent = try KiloProcess.run(["--config", path, "-c", "notify test hello from kilo"], environment: environment)
        #expect(sent.status == 0, "\(sent.standardError)")
        #expect(sent.standardOutput == "sent: hello from kilo\n")
        let request = try #require(received.requests.withLock { $0.first })
        #expect(request.method == "POST" && request.path == "/bot777:good/sendMessage")
        let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect(body["text"] as? String == "hello from kilo")

        var badEnvironment = environment
        badEnvironment["KILO_TELEGRAM_TOKEN"] = "1:bad-token"
        let refused = try KiloProcess.run(["--config", path, "-c", "notify test"], environment: badEnvironment)
        #expect(refused.status == 3)
        #expect(refused.standardError.contains("401") && !refused.standardError.contains("bad-token"))

        let missing = try KiloProcess.run(["--config", path, "-c", "notify test"], environment: ["KILO_TELEGRAM_TOKEN": ""])
        #expect(missing.status == 3)
        #expect(missing.standardError.contains("KILO_TELEGRAM_TOKEN"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func liveTradeRefusesToStartWithoutTelegramCredentials() throws {
        let path = try config("notifications:\n  telegram:\n    enabled: true\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try KiloProcess.run(
            ["trade", "--live", "--config", path, "--iterations", "1"],
            environment: ["KILO_TELEGRAM_TOKEN": "", "KILO_TELEGRAM_CHAT_ID": ""])
        #expect(result.status == 2)
        #expect(result.standardError.contains("KILO_TELEGRAM_TOKEN"))
    }
}
