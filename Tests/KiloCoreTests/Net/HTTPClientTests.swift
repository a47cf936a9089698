import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct HTTPClientTests {
    let transport = URLSessionTransport()

    func url(_ server: LoopbackHTTPServer, _ path: String) throws -> URL {
        try #require(URL(string: server.baseURL + path))
    }

    @Test func returnsStatusHeadersAndBody() throws {
        let server = try LoopbackHTTPServer { _ in
            .respond(status: 200, headers: ["X-Kilo-Test": "yes"], body: Data("[1,2]".utf8))
        }
        defer { server.stop() }
        let response = try transport.send(
            HTTPRequest(url: url(server, "/a?symbol=BTCEUR&limit=3"), headers: ["X-Asked": "1"]))
        #expect(response.status == 200)
        #expect(response.body == Data("[1,2]".utf8))
        #expect(response.headers["x-kilo-test"] == "yes")
        #expect(response.headers.keys.allSatisfy { $0 == $0.lowercased() })
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/a")
        #expect(request.query == ["symbol": "BTCEUR", "limit": "3"])
        #expect(request.headers["x-asked"] == "1")
    }

    @Test func serverErrorIsAResponseNotAThrow() throws {
        let server = try LoopbackHTTPServer { _ in
            .respond(status: 500, headers: [:], body: Data("boom".utf8))
        }
        defer { server.stop() }
        let response = try transport.send(HTTPRequest(url: url(server, "/x")))
        #expect(response.status == 500)
        #expect(response.body == Data("boom".utf8))
    }

    @Test func slowServerTimesOut() throws {
        let server = try LoopbackHTTPServer { _ in
            .delayed(seconds: 3, .respond(status: 200, headers: [:], body: Data()))
        }
        defer { server.stop() }
        let target = try url(server, "/slow")
        // The timeout error, not the 3 s reply, ends the call (no wall-clock bound: CI is loaded).
        #expect(throws: NetworkError.timeout(url: target.absoluteString, seconds: 0.4)) {
            try transport.send(HTTPRequest(url: target, timeout: 0.4))
        }
    }

    @Test func hangUpIsAConnectionError() throws {
        let server = try LoopbackHTTPServer { _ in .hangUp }
        defer { server.stop() }
        let target = try url(server, "/gone")
        do {
            _ = try transport.send(HTTPRequest(url: target, timeout: 5))
            Issue.record("a hang-up returned a response")
        } catch {
            guard case .connection(let failed, _) = error else {
                Issue.record("expected a connection error, got \(error)")
                return
            }
            #expect(failed == target.absoluteString)
        }
    }

    @Test func refusedConnectionIsAConnectionError() throws {
        let server = try LoopbackHTTPServer { _ in .hangUp }
        let target = try url(server, "/")
        server.stop()
        #expect {
            try transport.send(HTTPRequest(url: target, timeout: 2))
        } throws: { error in
            if case .connection = error as? NetworkError { return true }
            return false
        }
    }

    @Test func postBodyArrives() throws {
        let server = try LoopbackHTTPServer { request in
            .respond(status: 201, headers: ["Content-Type": "text/plain"], body: request.body)
        }
        defer { server.stop() }
        let payload = Data(#"{"chat_id":"1","text":"héllo"}"#.utf8)
        let response = try transport.send(
            HTTPRequest(
                method: "POST", url: url(server, "/send"),
                headers: ["Content-Type": "application/json"], body: payload))
        #expect(response.status == 201)
        #expect(response.body == payload)
        #expect(response.headers["content-type"] == "text/plain")
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.body == payload)
        #expect(request.headers["content-type"] == "application/json")
    }

    @Test func requestsAreRecordedInOrder() throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 204, headers: [:], body: Data()) }
        defer { server.stop() }
        for i in 0..<3 { _ = try transport.send(HTTPRequest(url: url(server, "/n\(i)"))) }
        #expect(server.requests.map(\.path) == ["/n0", "/n1", "/n2"])
    }

    @Test func descriptionsNameTheURL() {
        #expect(
            NetworkError.timeout(url: "http://h/x", seconds: 2).description
                == "request to 'http://h/x' timed out after 2.0 s")
        #expect(
            NetworkError.connection(url: "http://h/x", message: "refused").description
                == "connection to 'http://h/x' failed: refused")
    }
}
