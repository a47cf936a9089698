import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A tiny HTTP/1.1 server for tests, listening on 127.0.0.1 only (an ephemeral port).
///
/// Each connection carries one request and is closed after the reply (`Connection: close`). The
/// accept loop runs on its own thread; each connection gets a thread of its own, so a delayed
/// reply never holds up the next request. Every request is recorded in arrival order. Call
/// `stop()` when done: the accept thread keeps the server alive until then.
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// A request as the server received it.
    public struct Request: Sendable {
        /// The method, for example `GET`.
        public var method: String
        /// The path without the query, for example `/api/v3/klines`.
        public var path: String
        /// The query items, percent-decoded.
        public var query: [String: String]
        /// Header fields, names lower-cased.
        public var headers: [String: String]
        /// The body (`Content-Length` bytes).
        public var body: Data
    }

    /// What the handler answers.
    public indirect enum Reply: Sendable {
        /// Answers with `status`, `headers` and `body` (`Content-Length` and `Connection` are added).
        case respond(status: Int, headers: [String: String], body: Data)
        /// Waits `seconds` first, for example to make the client time out.
        case delayed(seconds: Double, Reply)
        /// Closes the connection without answering.
        case hangUp
    }

    private let listener: Int32
    private let handler: @Sendable (Request) -> Reply
    private let stopped = Atomic<Bool>(false)
    private let recorded = Mutex<[Request]>([])
    private let loopExited = DispatchSemaphore(value: 0)
    /// The TCP port the server listens on.
    public let port: Int

    /// Starts listening on 127.0.0.1 with an ephemeral port; `handler` answers every request.
    /// - Throws: `POSIXError` when the socket cannot be opened, bound or listened on.
    public init(handler: @escaping @Sendable (Request) -> Reply) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Self.posixError() }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let error = Self.posixError()
            close(fd)
            throw error
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let error = Self.posixError()
            close(fd)
            throw error
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "LoopbackHTTPServer"
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The requests received so far, in arrival order.
    public var requests: [Request] { recorded.withLock { $0 } }

    /// Stops accepting connections and closes the listening socket; idempotent. Connections in
    /// a delayed reply give up at their next check.
    public func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        loopExited.wait()
        close(listener)
    }

    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    private func acceptLoop() {
        defer { loopExited.signal() }
        while !isStopped {
            var pollFD = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&pollFD, 1, 20) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(
            connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(connection) else { return }
        recorded.withLock { $0.append(request) }
        var reply = handler(request)
        while case .delayed(let seconds, let inner) = reply {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if isStopped { return }
                usleep(10_000)
            }
            reply = inner
        }
        guard case .respond(let status, let headers, let body) = reply else { return }
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        writeAll(connection, Data(head.utf8) + body)
        shutdown(connection, Int32(SHUT_WR))
    }

    private func readRequest(_ connection: Int32) -> Request? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let separator = Data("\r\n\r\n".utf8)
        var headEnd: Range<Data.Index>?
        while headEnd == nil {
            let n = recv(connection, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<n])
            headEnd = buffer.range(of: separator)
        }
        guard let headEnd, let head = String(data: buffer[..<headEnd.lowerBound], encoding: .utf8)
        else { return nil }
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Data(buffer[headEnd.upperBound...])
        while body.count < length {
            let n = recv(connection, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            body.append(contentsOf: chunk[0..<n])
        }
        let target = String(parts[1])
        let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
        var query: [String: String] = [:]
        if pathEnd < target.endIndex {
            for item in target[target.index(after: pathEnd)...].split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = pair.first, !name.isEmpty else { continue }
                let key = String(name).removingPercentEncoding ?? String(name)
                let value = pair.count > 1 ? String(pair[1]) : ""
                query[key] = value.removingPercentEncoding ?? value
            }
        }
        return Request(
            method: String(parts[0]), path: String(target[..<pathEnd]), query: query,
            headers: headers, body: body.prefix(length))
    }

    private func writeAll(_ connection: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var sent = 0
            while sent < raw.count {
                let n = send(connection, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { return }
                sent += n
            }
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 418: "I'm a teapot"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    private static func posixError() -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}
