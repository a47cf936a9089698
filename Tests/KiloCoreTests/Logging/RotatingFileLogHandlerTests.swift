import Foundation
import Logging
import Testing

@testable import KiloCore

@Suite struct RotatingFileLogHandlerTests {
    /// 2024-08-23 11:00:00.123 UTC.
    static let time: Int64 = 1_724_410_800_123

    static func logger(_ file: RotatingLogFile, label: String = "kilo.test", level: Logger.Level = .info) -> Logger {
        Logger(label: label) { label in
            RotatingFileLogHandler(label: label, file: file, level: level, now: { Self.time })
        }
    }

    @Test func writesOneLineWithTimeLevelLabelMessageAndSortedMetadata() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = RotatingLogFile(directory: folder.path, maxBytes: 10_000, maxFiles: 2)
        var logger = Self.logger(file)
        logger[metadataKey: "symbol"] = "BTCEUR"
        logger.warning("fetch failed\nretrying", metadata: ["attempt": "2", "url": "http://x/a b"])
        #expect(
            folder.contents("kilo.log")
                == "2024-08-23T11:00:00.123Z warning kilo.test: fetch failed\\nretrying"
                + " attempt=2 symbol=BTCEUR url=\"http://x/a b\"\n")
    }

    @Test func levelsBelowTheHandlersAreNotWritten() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = RotatingLogFile(directory: folder.path, maxBytes: 10_000, maxFiles: 2)
        let logger = Self.logger(file, level: .warning)
        logger.info("quiet")
        logger.debug("quieter")
        logger.error("loud")
        #expect(folder.contents("kilo.log") == "2024-08-23T11:00:00.123Z error kilo.test: loud\n")
    }

    @Test func metadataOfOneLoggerDoesNotLeakIntoAnother() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = RotatingLogFile(directory: folder.path, maxBytes: 10_000, maxFiles: 2)
        var a = Self.logger(file, label: "a")
        let b = Self.logger(file, label: "b")
        a[metadataKey: "k"] = "v"
        a.info("one")
        b.info("two")
        let lines = (folder.contents("kilo.log") ?? "").split(separator: "\n")
        #expect(lines == ["2024-08-23T11:00:00.123Z info a: one k=v", "2024-08-23T11:00:00.123Z info b: two"])
    }

    @Test func timestampsAreFixedWidthUTC() {
        #expect(LogLineFormat.timestamp(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(LogLineFormat.timestamp(milliseconds: Self.time) == "2024-08-23T11:00:00.123Z")
        #expect(LogLineFormat.timestamp(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        #expect(LogLineFormat.timestamp(milliseconds: 1_709_164_800_000 + 86_399_999) == "2024-02-29T23:59:59.999Z")
    }

    @Test func nestedMetadataAndQuotesAreRenderedOnOneLine() {
        let line = LogLineFormat.line(
            milliseconds: 0, level: .error, label: "l", message: "m",
            metadata: ["d": .dictionary(["z": "1", "a": .array(["x", "y"])]), "q": "say \"hi\"", "e": ""])
        #expect(line == "1970-01-01T00:00:00.000Z error l: m d=\"[a: [x, y], z: 1]\" e=\"\" q=\"say \\\"hi\\\"\"\n")
    }

    @Test func factoryFollowsTheConfig() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var config = LoggingConfig()
        config.file.enabled = false
        #expect(KiloLogging.makeFileHandlerFactory(config: config, relativeTo: folder.path) == nil)
        config.file.enabled = true
        config.file.directory = "mylogs"
        config.file.level = .warning
        let factory = try #require(KiloLogging.makeFileHandlerFactory(config: config, relativeTo: folder.path))
        let handler = factory("kilo.live")
        #expect(handler.logLevel == .warning && handler.label == "kilo.live")
        #expect(handler.file.path == folder.file("mylogs/kilo.log"))
        #expect(factory("other").file === handler.file)
        Logger(label: "kilo.live") { _ in handler }.error("boom")
        #expect((folder.contents("mylogs/kilo.log") ?? "").hasSuffix(" error kilo.live: boom\n"))
    }

    @Test func fileSectionDecodesWithDefaultsAndIsValidated() throws {
        let yaml = "logging:\n  level: info\n  file:\n    max_bytes: 2048\n    level: debug\n"
        let loaded = try ConfigLoader.parse(yaml, path: "t.yaml")
        let file = loaded.config.logging.file
        #expect(loaded.warnings.isEmpty)
        #expect(file.maxBytes == 2_048 && file.level == .debug && file.maxFiles == 5 && file.directory == "logs")
        #expect(file.enabled)
        #expect(throws: ConfigError.invalidValue(key: "logging.file.max_bytes", value: "100", reason: "must be at least 1024")) {
            try ConfigLoader.parse("logging:\n  file:\n    max_bytes: 100\n", path: "t.yaml")
        }
        #expect(throws: ConfigError.invalidValue(key: "logging.file.max_files", value: "0", reason: "must be in 1...100")) {
            try ConfigLoader.parse("logging:\n  file:\n    max_files: 0\n", path: "t.yaml")
        }
    }
}
