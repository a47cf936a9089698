import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore
@testable import KiloShell

/// The report in a real browser: headless Chromium (`.ci/render-report`) loads the page with
/// every section, which must log nothing to the console and lay out every section's charts with
/// a non-zero size, and renders it to a PNG. CI installs the Debian package `chromium`
/// (`.ci/setup`); without it this test fails and says so.
@Suite struct HTMLReportBrowserTests {
    @Test func chromiumLoadsTheReportWithoutConsoleErrorsAndSizesEverySectionsCharts() throws {
        let folder = NSTemporaryDirectory() + "kilo-report-browser-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = ReportFixture.full()
        let page = folder + "/report.html"
        try HTMLReportWriter.html(report).write(toFile: page, atomically: true, encoding: .utf8)
        let png = folder + "/report.png"

        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepoPaths.path(".ci/render-report"))
        process.arguments = [page, png]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: watchdog)
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        watchdog.cancel()
        try #require(
            process.terminationStatus != 2,
            "headless Chromium is missing: install the Debian package 'chromium' (.ci/setup does): \(errors)")
        try #require(process.terminationStatus == 0, "render-report failed: \(errors)")

        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "console: 0", "console messages while loading:\n\(output)")
        let sections = try #require(lines.first { $0.hasPrefix("sections: ") }).dropFirst("sections: ".count)
        var sizes: [String: [String]] = [:]
        for entry in sections.split(separator: ";") {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            sizes[parts[0]] = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
        }
        let expected = HTMLReportWriter.sectionIDs(report)
        #expect(Set(sizes.keys) == Set(expected + ["notes"]))
        for id in expected where id != "verdict" {
            let charts = sizes[id] ?? []
            #expect(!charts.isEmpty, "section \(id) has no chart")
            for size in charts {
                let wh = size.split(separator: "x").compactMap { Int($0) }
                #expect(wh.count == 2 && wh[0] > 0 && wh[1] > 0, "section \(id): chart of size \(size)")
            }
        }
        let image = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(image.count > 20_000)
    }
}
