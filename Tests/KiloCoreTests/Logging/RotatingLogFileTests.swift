import Foundation
import Testing

@testable import KiloCore

/// A fresh folder under the temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("kilo-log-\(UUID().uuidString)")
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func contents(_ name: String) -> String? { try? String(contentsOfFile: file(name), encoding: .utf8) }

    func size(_ name: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: file(name)))?[.size] as? Int
    }

    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct RotatingLogFileTests {
    /// A line of exactly 50 bytes naming `n`.
    static func line(_ n: Int) -> String {
        let head = "line \(n) "
        return head + String(repeating: "x", count: 49 - head.utf8.count) + "\n"
    }

    @Test func rotatesBeforeALineWouldPassTheLimitAndDropsTheOldest() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = RotatingLogFile(directory: folder.path + "/nested/logs", maxBytes: 200, maxFiles: 3)
        for n in 1...13 { file.write(Self.line(n)) }
        let logs = TemporaryFolder(existing: folder.path + "/nested/logs")
        // 4 lines fill 200 bytes exactly; lines 1–4, 5–8, 9–12, 13: the first file is dropped.
        #expect(logs.names() == ["kilo.log", "kilo.log.1", "kilo.log.2"])
        #expect(logs.size("kilo.log") == 50 && logs.size("kilo.log.1") == 200 && logs.size("kilo.log.2") == 200)
        #expect(logs.contents("kilo.log") == Self.line(13))
        #expect(logs.contents("kilo.log.1") == (9...12).map(Self.line).joined())
        #expect(logs.contents("kilo.log.2") == (5...8).map(Self.line).joined())
        #expect(file.writtenLines == 13 && file.droppedLines == 0)
    }

    @Test func oneFileIsStartedAfreshWhenFull() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = RotatingLogFile(directory: folder.path, maxBytes: 100, maxFiles: 1)
        for n in 1...5 { file.write(Self.line(n)) }
        #expect(folder.names() == ["kilo.log"])
        #expect(folder.contents("kilo.log") == Self.line(5))
    }

    @Test func anExistingFileIsAppendedToAndItsSizeCounts() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        do {
            let first = RotatingLogFile(directory: folder.path, maxBytes: 200, maxFiles: 2)
            for n in 1...3 { first.write(Self.line(n)) }
        }
        let second = RotatingLogFile(directory: folder.path, maxBytes: 200, maxFiles: 2)
        for n in 4...5 { second.write(Self.line(n)) }
        #expect(folder.contents("kilo.log.1") == (1...4).map(Self.line).joined())
        #expect(folder.contents("kilo.log") == Self.line(5))
    }

    @Test func aLineLongerThanTheLimitIsCutOnACharacterBoundary() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = RotatingLogFile(directory: folder.path, maxBytes: 100, maxFiles: 2)
        file.write(String(repeating: "é", count: 120) + "\n")
        let text = folder.contents("kilo.log") ?? ""
        #expect(text.hasSuffix("…\n") && text.hasPrefix("éé"))
        #expect((folder.size("kilo.log") ?? 0) <= 100 && (folder.size("kilo.log") ?? 0) >= 96)
    }

    @Test func anUnwritableDirectoryDropsAndCountsLinesWithoutFailing() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        // A regular file where the log folder should be.
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file("blocked")))
        let file = RotatingLogFile(directory: folder.file("blocked"), maxBytes: 200, maxFiles: 2)
        file.write(Self.line(1))
        file.write(Self.line(2))
        #expect(file.droppedLines == 2 && file.writtenLines == 0)
    }

    @Test func concurrentWritersNeitherLoseNorInterleaveLines() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = RotatingLogFile(directory: folder.path, maxBytes: 4_000, maxFiles: 20)
        DispatchQueue.concurrentPerform(iterations: 4) { writer in
            for n in 0..<100 { file.write(Self.line(writer * 1_000 + n)) }
        }
        let lines = folder.names().flatMap { name in
            (folder.contents(name) ?? "").split(separator: "\n").map(String.init)
        }
        #expect(lines.count == 400 && file.writtenLines == 400)
        #expect(lines.allSatisfy { $0.utf8.count == 49 && $0.hasPrefix("line ") })
        #expect(Set(lines).count == 400)
        #expect(folder.names().allSatisfy { (folder.size($0) ?? .max) <= 4_000 })
    }
}

extension TemporaryFolder {
    /// A view of an existing folder (not removed separately).
    init(existing path: String) { self.path = path }
}
