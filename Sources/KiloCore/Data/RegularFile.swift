#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads whole regular files with a size limit, in chunks that poll a cancellation token.
///
/// The one reader for input that a user names (data files, the config, scripts): a FIFO, a device or a
/// directory is refused before any byte is read (the file is opened non-blocking, so opening a
/// FIFO with no writer does not wait), a file over the limit is refused from its size (and again
/// if it grows past the limit while being read), and a long read stops at the next chunk once
/// `cancellation` is set. Each caller maps a `Problem` to its own error enum.
public enum RegularFile {
    /// Why a file was not read.
    public enum Problem: Error, Equatable, Sendable {
        /// `open` or `read` failed (the `strerror` text).
        case unreadable(reason: String)
        /// The path is not a regular file; `kind` reads as "a FIFO", "a directory", ...
        case notRegular(kind: String)
        /// The file holds more than `limit` bytes (`size` is what `fstat` reported).
        case tooLarge(size: Int, limit: Int)
        /// `cancellation` was set during the read.
        case cancelled
    }

    /// Bytes read between two looks at the cancellation token.
    static let chunkSize = 16 << 20

    /// The whole file.
    /// - Parameters:
    ///   - path: the file.
    ///   - limit: the most bytes accepted.
    ///   - cancellation: polled before each chunk.
    /// - Throws: `Problem`.
    /// - Complexity: O(size), one `read` per `chunkSize` bytes.
    public static func read(_ path: String, limit: Int, cancellation: CancellationToken = .never) throws(Problem)
        -> [UInt8]
    {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        if let kind = kind(of: status.st_mode) { throw .notRegular(kind: kind) }
        let size = max(Int(status.st_size), 0)
        if size > limit { throw .tooLarge(size: size, limit: limit) }

        // Room for the whole file plus one byte, which sees a file that grew since `fstat`.
        let capacity = min(size, limit) + 1
        var errorNumber: Int32 = 0
        var wasCancelled = false
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            var filled = 0
            while filled < buffer.count {
                if cancellation.isCancelled {
                    wasCancelled = true
                    break
                }
                let result = readBytes(descriptor, base + filled, min(chunkSize, buffer.count - filled))
                if result < 0 {
                    if errno == EINTR { continue }
                    errorNumber = errno
                    break
                }
                if result == 0 { break }
                filled += result
            }
            initialized = filled
        }
        if wasCancelled { throw .cancelled }
        if errorNumber != 0 { throw .unreadable(reason: String(cString: strerror(errorNumber))) }
        guard bytes.count == capacity else { return bytes }
        if bytes.count > limit { throw .tooLarge(size: bytes.count, limit: limit) }
        // The file grew: read on up to the limit.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if cancellation.isCancelled { throw .cancelled }
            let result = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: String(cString: strerror(errno)))
            }
            if result == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<result])
            if bytes.count > limit { throw .tooLarge(size: bytes.count, limit: limit) }
        }
    }

    /// How a non-regular file is named in messages, or `nil` for a regular file.
    static func kind(of mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }
}

/// POSIX `read` (a free function, so `RegularFile.read` does not shadow it).
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
