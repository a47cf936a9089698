import Foundation

/// The optimisation history of a study as SVG: every complete trial's value by trial number (dots),
/// pruned and failed trials as ticks on the axis, and the best value so far (a step line).
public enum StudyChart {
    /// The SVG document.
    /// - Complexity: O(trials).
    public static func svg(_ report: StudyReport, width: Int = 800, height: Int = 360) -> String {
        let left = 80.0
        let right = Double(max(width, 200)) - 20
        let top = 40.0
        let bottom = Double(max(height, 120)) - 40
        let complete = report.trials.filter { $0.record.state == .complete && ($0.record.value?.isFinite ?? false) }
        let values = complete.compactMap(\.record.value)
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        let span = high > low ? high - low : 1
        let last = max(1, (report.trials.map(\.record.number).max() ?? 0))
        func x(_ n: Int) -> Double { left + (right - left) * Double(n) / Double(last) }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (v - low) / span }
        var dots: [String] = []
        var line: [String] = []
        var best: Double?
        for trial in complete {
            guard let v = trial.record.value else { continue }
            dots.append("<circle cx=\"\(f(x(trial.record.number)))\" cy=\"\(f(y(v)))\" r=\"3\" fill=\"#1f77b4\"/>")
            if let b = best, !report.header.direction.isBetter(v, than: b) {} else { best = v }
            if let b = best {
                line.append("\(line.isEmpty ? "M" : "L")\(f(x(trial.record.number))),\(f(y(b)))")
            }
        }
        let ticks = report.trials.filter { $0.record.state == .pruned || $0.record.state == .failed }.map { trial in
            let colour = trial.record.state == .pruned ? "#999" : "#d62728"
            return "<line x1=\"\(f(x(trial.record.number)))\" y1=\"\(f(bottom))\" x2=\"\(f(x(trial.record.number)))\" "
                + "y2=\"\(f(bottom + 8))\" stroke=\"\(colour)\"/>"
        }
        let h = report.header
        let title = "\(h.name): \(h.model.rawValue) \(h.symbol), \(h.objective.rawValue) (\(h.direction.rawValue)), \(report.trials.count) trials"
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="20" font-size="14">\(EquityChart.escape(title))</text>
            <line x1="\(f(left))" y1="\(f(bottom))" x2="\(f(right))" y2="\(f(bottom))" stroke="#999"/>
            <line x1="\(f(left))" y1="\(f(top))" x2="\(f(left))" y2="\(f(bottom))" stroke="#999"/>
            <text x="\(f(left - 5))" y="\(f(top + 4))" text-anchor="end">\(label(high))</text>
            <text x="\(f(left - 5))" y="\(f(bottom))" text-anchor="end">\(label(low))</text>
            <text x="\(f(right))" y="\(f(bottom + 24))" text-anchor="end">trial number (0–\(last))</text>
            \(ticks.joined(separator: "\n"))
            \(dots.joined(separator: "\n"))
            <path d="\(line.joined(separator: " "))" fill="none" stroke="#ff7f0e" stroke-width="1.5"/>
            <text x="\(f(right - 260))" y="20" fill="#1f77b4">trial value</text>
            <text x="\(f(right - 170))" y="20" fill="#ff7f0e">best so far</text>
            <text x="\(f(right - 80))" y="20" fill="#999">pruned</text>
            </svg>

            """
    }

    private static func f(_ v: Double) -> String { EquityChart.fmt(v) }

    /// A value label with four significant digits.
    private static func label(_ v: Double) -> String {
        guard v.isFinite else { return "—" }
        let magnitude = abs(v)
        if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5) {
            let exponent = Int((log10(magnitude)).rounded(.down))
            let mantissa = v / pow10(exponent)
            return "\(EquityChart.fmt(mantissa))e\(exponent)"
        }
        return "\((v * 10_000).rounded() / 10_000)"
    }

    private static func pow10(_ e: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(e) { r *= 10 }
        return e < 0 ? 1 / r : r
    }
}
