import Foundation
import KiloCore

/// The report's tuning-history section, apart from the rest: each trial's value by trial
/// number (pruned and failed trials marked on the axis) and the best value so far.
enum TuningHistoryRenderer {
    /// The section's HTML for `history`.
    /// - Complexity: O(trials).
    static func section(_ history: TuningHistory) -> String {
        let values = history.trials.compactMap(\.value).filter(\.isFinite)
        let numbers = history.trials.map { Double($0.number) }
        let chart = SVGChart(
            height: 240, x: SVGChart.domain(numbers).lowerBound - 0.5...SVGChart.domain(numbers).upperBound + 0.5,
            y: SVGChart.domain(values))
        var parts = [
            chart.axes(
                xTicks: ReportStatistics.sampleIndices(count: numbers.count, limit: 10).map { (numbers[$0], String(Int(numbers[$0]))) },
                yTicks: SVGChart.ticks(chart.yDomain) { HTML.number($0) }, xLabel: "trial", yLabel: "objective")
        ]
        let complete = history.trials.compactMap { t in t.value.map { (Double(t.number), $0) } }
        parts.append(chart.scatter(complete, cssClass: "trial", radius: 3))
        let best = zip(history.trials, history.bestSoFar).compactMap { t, b in b.map { (Double(t.number), $0) } }
        parts.append(chart.line(best, cssClass: "best"))
        for trial in history.trials where trial.value == nil {
            parts.append(chart.marker(Double(trial.number), chart.yDomain.lowerBound, up: true, cssClass: "pruned"))
        }
        let counts = Dictionary(grouping: history.trials, by: \.state).sorted { $0.key < $1.key }.map { "\($0.value.count) \($0.key)" }
        var summary = "\(history.trials.count) trials (\(counts.joined(separator: ", "))), "
            + (history.minimize ? "minimising" : "maximising")
        if let best = history.best, let value = best.value {
            summary += "; best: trial \(best.number) with \(HTML.number(value))"
        }
        return "<section id=\"tuning\"><h2>Tuning history: \(HTML.escape(history.study))</h2>"
            + "<p>\(HTML.escape(summary)). Dots are trials, the line the best so far; triangles on the axis are trials without a value.</p>"
            + chart.svg("tuning history of \(history.study)", parts) + "</section>"
    }
}
