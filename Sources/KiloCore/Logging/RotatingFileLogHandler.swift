import Foundation
import Logging

/// A swift-log `LogHandler` writing one line per event (`LogLineFormat`) to a shared
/// `RotatingLogFile`.
///
/// Like every `LogHandler` it is a value: `logLevel` and `metadata` set on one `Logger` do not
/// affect another; the file behind it is shared and thread-safe.
public struct RotatingFileLogHandler: LogHandler {
    /// The file written to.
    public let file: RotatingLogFile
    /// The logger's label, written on every line.
    public let label: String
    /// Events below this level are not passed to the handler by `Logger`.
    public var logLevel: Logger.Level
    /// Metadata written on every line of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Adds contextual metadata to every line.
    public var metadataProvider: Logger.MetadataProvider?
    /// The clock, epoch milliseconds (injectable for tests).
    private let now: @Sendable () -> Int64

    /// A handler for `label` writing to `file`.
    /// - Parameters:
    ///   - label: the logger's label.
    ///   - file: the shared file.
    ///   - level: the initial log level.
    ///   - metadataProvider: contextual metadata added to every line.
    ///   - now: the current time in epoch milliseconds (the system clock by default).
    public init(
        label: String, file: RotatingLogFile, level: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil,
        now: @escaping @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }
    ) {
        self.label = label
        self.file = file
        logLevel = level
        self.metadataProvider = metadataProvider
        self.now = now
    }

    /// Writes `event` as one line.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        file.write(
            LogLineFormat.line(
                milliseconds: now(), level: event.level, label: label,
                message: event.message.description, metadata: merged, error: event.error))
    }

    /// One metadata entry of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}

/// Builds Kilo's log handlers from the `logging` config; the executable bootstraps
/// `LoggingSystem` with them once (KiloCore never does).
public enum KiloLogging {
    /// The swift-log level of a config level.
    public static func level(_ level: LoggingConfig.Level) -> Logger.Level {
        switch level {
        case .error: .error
        case .warning: .warning
        case .info: .info
        case .debug: .debug
        }
    }

    /// The shared file of `config.file`, or `nil` when `logging.file.enabled` is off. Make it
    /// once and pass it to `makeFileHandler(file:label:config:)` for every label.
    /// - Parameter relativeTo: folder a relative `directory` is resolved against (the working
    ///   directory when `nil`).
    public static func makeFile(config: LoggingConfig, relativeTo base: String? = nil) -> RotatingLogFile? {
        guard config.file.enabled else { return nil }
        var directory = config.file.directory
        if let base, !directory.hasPrefix("/") {
            directory = PathText.join(base, directory)
        }
        return RotatingLogFile(
            directory: directory, maxBytes: config.file.maxBytes, maxFiles: config.file.maxFiles)
    }

    /// A handler for `label` on `file` at `logging.file.level`.
    public static func makeFileHandler(file: RotatingLogFile, label: String, config: LoggingConfig)
        -> RotatingFileLogHandler
    {
        RotatingFileLogHandler(label: label, file: file, level: level(config.file.level))
    }

    /// A factory for `LoggingSystem.bootstrap` making handlers on one shared file, or `nil` when
    /// `logging.file.enabled` is off:
    ///
    /// ```swift
    /// let fileHandler = KiloLogging.makeFileHandlerFactory(config: config.logging)
    /// LoggingSystem.bootstrap { label in
    ///     var handlers: [any LogHandler] = [StreamLogHandler.standardError(label: label)]
    ///     if let fileHandler { handlers.append(fileHandler(label)) }
    ///     return MultiplexLogHandler(handlers)
    /// }
    /// ```
    public static func makeFileHandlerFactory(config: LoggingConfig, relativeTo base: String? = nil)
        -> (@Sendable (String) -> RotatingFileLogHandler)?
    {
        guard let file = makeFile(config: config, relativeTo: base) else { return nil }
        return { label in makeFileHandler(file: file, label: label, config: config) }
    }
}
