import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct ConfigLoaderTests {
    @Test func committedConfigLoadsCleanly() throws {
        let loaded = try ConfigLoader.load(path: RepoPaths.path("config/config.yaml"))
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.config == EngineConfig())
        #expect(loaded.sha256.count == 64)
    }

    @Test func missingKeysKeepDefaults() throws {
        let loaded = try ConfigLoader.parse("data:\n  dir: elsewhere\n", path: "c.yaml")
        #expect(loaded.config.data.dir == "elsewhere")
        #expect(loaded.config.data.interval.name == "30m")
        #expect(loaded.config.paths == PathsConfig())
        let empty = try ConfigLoader.parse("", path: "c.yaml")
        #expect(empty.config == EngineConfig())
    }

    @Test func everyKeyIsHonoured() throws {
        let text = """
            data: {dir: d, symbols: [btceur], interval: 1h, stale_after_bars: 5}
            paths: {models: m, sessions: s}
            logging: {level: debug}
            notifications: {telegram: {enabled: true, base_url: "http://127.0.0.1:9"}}
            """
        let config = try ConfigLoader.parse(text, path: "c.yaml").config
        #expect(config.data.dir == "d")
        #expect(config.data.symbols == ["BTCEUR"])
        #expect(config.data.interval.seconds == 3600)
        #expect(config.data.staleAfterBars == 5)
        #expect(config.paths.models == "m" && config.paths.sessions == "s")
        #expect(config.logging.level == .debug)
        #expect(config.notifications.telegram.enabled)
        #expect(config.notifications.telegram.baseURL == "http://127.0.0.1:9")
    }

    @Test func unknownKeysAreWarnedByName() throws {
        let text = "data:\n  dri: x\npaths:\n  models: m\nmodelz: {}\n"
        let loaded = try ConfigLoader.parse(text, path: "c.yaml")
        #expect(
            loaded.warnings == [
                "c.yaml:2: unknown config key 'data.dri' is ignored; did you mean 'dir'?",
                "c.yaml:5: unknown config key 'modelz' is ignored; did you mean 'models'?",
            ])
    }

    @Test func wrongTypeNamesKeyAndType() {
        #expect(throws: ConfigError.wrongType(key: "data.stale_after_bars", expected: "a whole number")) {
            try ConfigLoader.parse("data:\n  stale_after_bars: soon\n", path: "c.yaml")
        }
        #expect(throws: ConfigError.wrongType(key: "data.symbols", expected: "a list")) {
            try ConfigLoader.parse("data:\n  symbols: {a: 1}\n", path: "c.yaml")
        }
        #expect(throws: ConfigError.wrongType(key: "notifications.telegram.enabled", expected: "true or false")) {
            try ConfigLoader.parse("notifications:\n  telegram:\n    enabled: perhaps\n", path: "c.yaml")
        }
    }

    @Test func invalidValuesAreRefused() {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("data:\n  interval: 7x\n", path: "c.yaml") }
        #expect(
            throws: ConfigError.invalidValue(key: "data.stale_after_bars", value: "0", reason: "must be at least 1")
        ) { try ConfigLoader.parse("data:\n  stale_after_bars: 0\n", path: "c.yaml") }
    }

    @Test func secretsAreRefusedWithTheVariableToUse() {
        #expect(
            throws: ConfigError.secretInFile(key: "notifications.telegram.token", environmentVariable: "KILO_TELEGRAM_TOKEN")
        ) { try ConfigLoader.parse("notifications:\n  telegram:\n    token: 123:abc\n", path: "c.yaml") }
        #expect(throws: ConfigError.secretInFile(key: "exchange.api_key", environmentVariable: "KILO_EXCHANGE_API_KEY")) {
            try ConfigLoader.parse("exchange:\n  api_key: xyz\n", path: "c.yaml")
        }
        let error = ConfigError.secretInFile(key: "notifications.telegram.token", environmentVariable: "KILO_TELEGRAM_TOKEN")
        #expect(error.description.contains("KILO_TELEGRAM_TOKEN"))
    }

    @Test func enabledTelegramWithoutCredentialsWarns() throws {
        let text = "notifications:\n  telegram:\n    enabled: true\n"
        let loaded = try ConfigLoader.parse(text, path: "c.yaml", environment: ["KILO_TELEGRAM_TOKEN": "t"])
        #expect(loaded.warnings == ["notifications.telegram.enabled is on but KILO_TELEGRAM_CHAT_ID is not set in the environment"])
    }

    @Test func syntaxAndUnreadable() {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("data: [unclosed\n", path: "c.yaml") }
        #expect(throws: ConfigError.unreadable(path: "/no/such.yaml", reason: "no such file")) {
            try ConfigLoader.load(path: "/no/such.yaml")
        }
        #expect(throws: ConfigError.wrongType(key: "(top level)", expected: "a mapping of sections")) {
            try ConfigLoader.parse("- a\n- b\n", path: "c.yaml")
        }
    }
}

@Suite struct ConfigReferenceTests {
    /// Every value key of `EngineConfig`, dotted.
    static var leafKeys: [String] { ConfigReference.leaves(EngineConfig.reference).map(\.path) }

    @Test func readmeDocumentsEveryKey() throws {
        let readme = try String(contentsOfFile: RepoPaths.path("README.md"), encoding: .utf8)
        let documented = Set(
            readme.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("| `") else { return nil }
                let parts = line.split(separator: "`")
                return parts.count > 1 ? String(parts[1]) : nil
            })
        let keys = Self.leafKeys
        #expect(!keys.isEmpty)
        let missing = keys.filter { !documented.contains($0) }.sorted()
        #expect(missing.isEmpty, "config keys missing from the README's configuration table: \(missing)")
    }

    /// The dotted path of every key written in a block-style YAML file, read from its indentation
    /// (`trading:` then `  live:` then `    seed:` is `trading.live.seed`).
    static func writtenKeyPaths(_ yaml: String) -> Set<String> {
        var stack: [(indent: Int, key: String)] = []
        var paths: Set<String> = []
        for line in yaml.split(separator: "\n") {
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            guard let colon = rest.firstIndex(of: ":"), !rest.hasPrefix("#"), !rest.hasPrefix("-") else { continue }
            let key = rest[..<colon]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            while let last = stack.last, last.indent >= indent { stack.removeLast() }
            stack.append((indent, String(key)))
            paths.insert(stack.map(\.key).joined(separator: "."))
        }
        return paths
    }

    @Test func writtenKeyPathsFollowIndentation() {
        let paths = Self.writtenKeyPaths("a:\n  seed: 1\nb:\n  c:\n    seed: 2  # x: y\n  d: {e: 1}\n")
        #expect(paths == ["a", "a.seed", "b", "b.c", "b.c.seed", "b.d"])
    }

    @Test func committedConfigNamesEveryKey() throws {
        let text = try String(contentsOfFile: RepoPaths.path("config/config.yaml"), encoding: .utf8)
        let written = Self.writtenKeyPaths(text)
        let keys = Self.leafKeys
        #expect(!keys.isEmpty)
        let missing = keys.filter { !written.contains($0) }.sorted()
        #expect(missing.isEmpty, "config/config.yaml does not show these keys by their full path: \(missing)")
    }
}

@Suite struct DemoConfigTests {
    @Test func demoConfigLoadsWithoutWarnings() throws {
        let loaded = try ConfigLoader.load(path: RepoPaths.path("config/demo.yaml"))
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.config.paths.models == "models/demo")
    }
}

@Suite struct ConfigErrorExcerptTests {
    @Test func hostileValuesAreQuotedShortAndEscaped() {
        let value = String(repeating: "v", count: 100_000) + "\u{1B}"
        let text = ConfigError.invalidValue(key: "data.interval", value: value, reason: "not an interval").description
        #expect(text.count < 200)
        #expect(text.hasPrefix("config key 'data.interval' has invalid value '\(String(repeating: "v", count: 80))… (100001 characters)'"))
    }
}

extension ConfigReferenceTests {
    /// The README's configuration table is `ConfigReference.markdown` of the declarations
    /// (set KILO_UPDATE_README=1 to rewrite it).
    @Test func readmeConfigTableIsGeneratedFromTheDeclarations() throws {
        let path = RepoPaths.path("README.md")
        let readme = try String(contentsOfFile: path, encoding: .utf8)
        let (begin, end) = ("<!-- config:begin -->\n", "<!-- config:end -->")
        let parts = readme.components(separatedBy: begin)
        try #require(parts.count == 2, "README has no config table markers")
        let rest = parts[1].components(separatedBy: end)
        try #require(rest.count == 2, "README has no config table end marker")
        let generated = ConfigReference.markdown(EngineConfig.reference)
        if ProcessInfo.processInfo.environment["KILO_UPDATE_README"] == "1" {
            try (parts[0] + begin + generated + end + rest[1]).write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            rest[0] == generated,
            "README configuration table is stale: regenerate it with KILO_UPDATE_README=1 swift test --filter ConfigReferenceTests")
    }
}
