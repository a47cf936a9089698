import Foundation
import Testing

@testable import KiloCore

@Suite struct StudyChartTests {
    @Test func drawsEveryCompleteTrialAndTicksTheOthers() {
        let svg = StudyChart.svg(StudyReportTests.report())
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
        #expect(svg.components(separatedBy: "stroke=\"#d62728\"").count - 1 == 1, "one failed tick")
        #expect(svg.components(separatedBy: "stroke=\"#999\"/>").count - 1 >= 1, "pruned tick")
        #expect(svg.contains("best so far") && svg.contains("6 trials"))
    }

    @Test func anEmptyStudyStillDraws() {
        var report = StudyReportTests.report()
        report.trials = []
        let svg = StudyChart.svg(report)
        #expect(svg.contains("<svg") && !svg.contains("<circle"))
    }
}
