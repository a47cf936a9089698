import Foundation
import KiloCore
import Logging
import Synchronization

/// Sets up swift-log once per process: standard error at `logging.level` and, when
/// `logging.file.enabled`, the rotating file under `logging.file.directory` (created on the first
/// line written, so commands that log nothing leave no files).
enum LoggingBootstrap {
    private static let done = Mutex(false)

    static func install(_ config: LoggingConfig) {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let fileHandler = KiloLogging.makeFileHandlerFactory(config: config)
        let consoleLevel = KiloLogging.level(config.level)
        LoggingSystem.bootstrap { label in
            var console = StreamLogHandler.standardError(label: label)
            console.logLevel = consoleLevel
            var handlers: [any LogHandler] = [console]
            if let fileHandler { handlers.append(fileHandler(label)) }
            return MultiplexLogHandler(handlers)
        }
    }
}
