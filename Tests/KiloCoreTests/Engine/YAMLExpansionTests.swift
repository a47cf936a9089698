import Foundation
import Testing

@testable import KiloCore

/// Hostile configs: alias bombs, non-regular files, oversized files and duplicated symbols fail
/// fast with one `ConfigError` naming the file or key.
@Suite struct YAMLExpansionTests {
    /// Ten levels of `lN: &lN {k0: *lN-1, …, k8: *lN-1}`: 9^9 mappings once expanded.
    static func billionLaughs(levels: Int = 10) -> String {
        var lines = ["l0: &l0 {k: v}"]
        for level in 1..<levels {
            let keys = (0..<9).map { "k\($0): *l\(level - 1)" }.joined(separator: ", ")
            lines.append("l\(level): &l\(level) {\(keys)}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func mappingAliasBombIsRefusedAtOnce() {
        let started = Date()
        #expect(throws: ConfigError.tooManyValues(path: "laughs.yaml", limit: ConfigLoader.maxValues)) {
            try ConfigLoader.parse(Self.billionLaughs(), path: "laughs.yaml")
        }
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test func aliasBombUsedAsAKeyIsRefusedBeforeComposing() {
        // Composing would hash this key (an alias of 9^9 mappings) to look for duplicates.
        let text = Self.billionLaughs() + "bad:\n  ? *l9\n  : 1\n"
        let started = Date()
        #expect(throws: ConfigError.tooManyValues(path: "c.yaml", limit: ConfigLoader.maxValues)) {
            try ConfigLoader.parse(text, path: "c.yaml")
        }
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test func aliasBombUnderAKnownSectionIsRefused() {
        // Decoding and the unknown-key walk would visit every expansion of `data`.
        let text = Self.billionLaughs() + "data: *l9\ntrading:\n  model_weights: *l9\n"
        #expect(throws: ConfigError.tooManyValues(path: "c.yaml", limit: ConfigLoader.maxValues)) {
            try ConfigLoader.parse(text, path: "c.yaml")
        }
    }

    @Test func expansionCountsEachAliasUse() {
        #expect(YAMLExpansion.fits("a: &x [1, 2, 3]\nb: *x\n", limit: 12))
        // root 1 + a 1 + list 4 + b 1 + alias 4 = 11; with a third use, 16.
        #expect(YAMLExpansion.fits("a: &x [1, 2, 3]\nb: *x\n", limit: 11))
        #expect(!YAMLExpansion.fits("a: &x [1, 2, 3]\nb: *x\nc: *x\n", limit: 15))
        #expect(YAMLExpansion.fits("data: [unclosed\n", limit: 10), "syntax errors are left to the composer")
        #expect(!YAMLExpansion.fits(Self.billionLaughs(levels: 6), limit: 10_000))
    }

    @Test func smallAliasesStillWork() throws {
        let loaded = try ConfigLoader.parse("data:\n  dir: &d elsewhere\npaths:\n  models: *d\n", path: "c.yaml")
        #expect(loaded.config.paths.models == "elsewhere")
    }

    @Test func nonRegularAndOversizedConfigsAreRefused() throws {
        #expect(
            throws: ConfigError.unreadable(path: "/dev/zero", reason: "it is a character device, not a regular file")
        ) { try ConfigLoader.load(path: "/dev/zero") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/config.yaml"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: ConfigError.unreadable(path: fifo, reason: "it is a FIFO (named pipe), not a regular file")) {
            try ConfigLoader.load(path: fifo)
        }
        #expect(throws: ConfigError.unreadable(path: folder, reason: "it is a directory, not a regular file")) {
            try ConfigLoader.load(path: folder)
        }
        let big = folder + "/big.yaml"
        let size = ConfigLoader.maxFileBytes + 1
        _ = FileManager.default.createFile(atPath: big, contents: Data(repeating: UInt8(ascii: "#"), count: size))
        #expect(
            throws: ConfigError.unreadable(
                path: big, reason: "it is \(size) bytes; a config holds at most \(ConfigLoader.maxFileBytes)")
        ) { try ConfigLoader.load(path: big) }
    }

    @Test func duplicatedSymbolsAndABadLoadLimitNameTheKey() {
        #expect(
            throws: ConfigError.invalidValue(key: "data.symbols", value: "BTCEUR", reason: "listed more than once")
        ) { try ConfigLoader.parse("data:\n  symbols: [BTCEUR, ETHEUR, btceur]\n", path: "c.yaml") }
        #expect(
            throws: ConfigError.invalidValue(key: "data.max_load_bytes", value: "0", reason: "must be at least 1")
        ) { try ConfigLoader.parse("data:\n  max_load_bytes: 0\n", path: "c.yaml") }
        #expect(
            throws: ConfigError.invalidValue(
                key: "data.symbols", value: "BTC-EUR", reason: "not a symbol (\(BarSymbol.rule))")
        ) { try ConfigLoader.parse("data:\n  symbols: [BTC-EUR]\n", path: "c.yaml") }
    }
}
