import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP request: method, URL, headers, optional body and a timeout in seconds.
public struct HTTPRequest: Sendable, Equatable {
    /// The method, for example `GET` or `POST`.
    public var method: String = "GET"
    /// The absolute URL, query included.
    public var url: URL
    /// Header fields to send.
    public var headers: [String: String] = [:]
    /// The body, if any.
    public var body: Data?
    /// How long to wait for the server, in seconds.
    public var timeout: Double = 10
}

/// One HTTP response: status, header fields (names lower-cased) and body.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code, for example 200 or 429.
    public var status: Int
    /// Header fields, names lower-cased.
    public var headers: [String: String] = [:]
    /// The body bytes.
    public var body: Data = Data()
}

/// A transport failure: no HTTP response arrived.
public enum NetworkError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The server did not answer within the request's timeout.
    case timeout(url: String, seconds: Double)
    /// The connection failed or was closed before a complete response.
    case connection(url: String, message: String)

    public var description: String {
        switch self {
        case .timeout(let url, let seconds):
            "request to '\(url)' timed out after \(seconds) s"
        case .connection(let url, let message):
            "connection to '\(url)' failed: \(message)"
        }
    }
}

/// Sends one request and waits for its response.
///
/// Blocking; HTTP error statuses are returned as responses, only transport failures throw.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the server's response, whatever its status.
    /// - Throws: `NetworkError` when no response arrived (timeout, refused or dropped connection).
    func send(_ request: HTTPRequest) throws(NetworkError) -> HTTPResponse
}

/// URLSession (FoundationNetworking) behind a semaphore; one ephemeral session, no caching, no
/// cookies.
public final class URLSessionTransport: HTTPTransport, Sendable {
    private let session: URLSession

    /// Creates a transport with its own ephemeral session.
    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) throws(NetworkError) -> HTTPResponse {
        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalCacheData,
            timeoutInterval: request.timeout + 1)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body

        let outcome = Mutex<Result<HTTPResponse, NetworkError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let urlText = request.url.absoluteString
        let seconds = request.timeout
        let task = session.dataTask(with: urlRequest) { data, response, error in
            let result = Self.result(
                data: data, response: response, error: error, url: urlText, timeout: seconds)
            outcome.withLock { $0 = result }
            done.signal()
        }
        task.resume()
        // The deadline is enforced here: FoundationNetworking rounds sub-second timeouts away
        // (its own, one second later, is only a backstop).
        if done.wait(timeout: .now() + request.timeout) == .timedOut {
            task.cancel()
            throw .timeout(url: urlText, seconds: request.timeout)
        }
        let result = outcome.withLock { $0 }
        switch result {
        case .success(let response): return response
        case .failure(let error): throw error
        case nil: throw .connection(url: urlText, message: "no result")
        }
    }

    /// Maps a data task's completion to a response or a `NetworkError`.
    private static func result(
        data: Data?, response: URLResponse?, error: (any Error)?, url: String, timeout: Double
    ) -> Result<HTTPResponse, NetworkError> {
        if let error {
            if let urlError = error as? URLError, urlError.code == .timedOut {
                return .failure(.timeout(url: url, seconds: timeout))
            }
            return .failure(.connection(url: url, message: error.localizedDescription))
        }
        guard let http = response as? HTTPURLResponse else {
            return .failure(.connection(url: url, message: "not an HTTP response"))
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        return .success(
            HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data()))
    }
}
