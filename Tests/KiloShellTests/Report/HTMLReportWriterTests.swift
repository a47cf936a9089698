import Foundation
import Testing

@testable import KiloCore
@testable import KiloShell

@Suite struct HTMLReportWriterTests {
    @Test func everySectionAppearsInOrderAndThePageIsSelfContained() throws {
        let report = ReportFixture.full()
        let html = HTMLReportWriter.html(report)
        let ids = HTMLReportWriter.sectionIDs(report)
        #expect(ids == ["verdict", "coverage", "nan", "metrics", "predictions", "walkforward", "tuning", "importances", "backtest", "decisions"])
        var cursor = html.startIndex
        for id in ids {
            let range = try #require(html.range(of: "<section id=\"\(id)\">", range: cursor..<html.endIndex), "section \(id)")
            cursor = range.upperBound
        }
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<style>") && html.hasSuffix("</body></html>\n"))
        // No script, no fetched resource: the only URL is the SVG namespace.
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import") && !html.contains("url("))
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "https?://", options: .regularExpression) == nil)
        // Text is escaped.
        #expect(html.contains(">feature_&lt;0&gt;</text>") && html.contains("<li>a &lt;note&gt; &amp; more</li>"))
        #expect(!html.contains("feature_<0>"))
        // Every chart has a positive size.
        let sizes = html.matches(of: /<svg class="chart" width="([0-9.]+)" height="([0-9.]+)"/).map { (Double($0.1) ?? 0, Double($0.2) ?? 0) }
        #expect(sizes.count >= 12 && sizes.allSatisfy { $0.0 > 0 && $0.1 > 0 })
        // The coverage line breaks at the gap instead of bridging it.
        let coverage = try #require(html.range(of: "<section id=\"coverage\">")).upperBound
        let coverageEnd = try #require(html.range(of: "</section>", range: coverage..<html.endIndex)).lowerBound
        #expect(html[coverage..<coverageEnd].components(separatedBy: "<polyline class=\"price\"").count == 3)
        #expect(html[coverage..<coverageEnd].contains("<rect class=\"gap\""))
        // The verdict leads with the judgement in words.
        #expect(html.contains("<p class=\"verdict \(report.verdict.beatsBaselines ? "yes" : "no")\">"))
    }

    @Test func sectionsWithoutDataAreLeftOut() {
        var report = ReportFixture.full()
        report.models = []
        report.backtest = nil
        report.walkForward = []
        report.tuning = nil
        report.nan = nil
        report.verdict = Verdict.judge([])
        let html = HTMLReportWriter.html(report)
        #expect(HTMLReportWriter.sectionIDs(report) == ["verdict", "coverage"])
        #expect(html.components(separatedBy: "<section id=").count == 4)  // verdict, coverage, notes
        #expect(!html.contains("id=\"tuning\"") && html.contains("<section id=\"notes\">"))
    }
}
